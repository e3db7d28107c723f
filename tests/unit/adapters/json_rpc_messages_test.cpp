#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/inbound/http/json_rpc_messages.hpp"

namespace llmgw::adapters {
namespace {
namespace json = boost::json;
using domain::ErrorCode;

TEST(JsonRpcBody, ReadsACallWithItsIdMethodAndParams) {
    const auto body = parse_rpc_body(R"({"jsonrpc":"2.0","id":"x-1","method":"llm.complete","params":{"model":"m"}})", 10);
    ASSERT_FALSE(body.invalid);
    EXPECT_FALSE(body.batch);
    ASSERT_EQ(body.calls.size(), 1u);
    const auto& call = body.calls[0];
    EXPECT_FALSE(call.invalid);
    EXPECT_EQ(call.id, json::value("x-1"));
    EXPECT_EQ(call.method, "llm.complete");
    EXPECT_EQ(call.params.at("model"), "m");
}

TEST(JsonRpcBody, TellsNotificationsFromCallsWithANullId) {
    const auto body = parse_rpc_body(R"([{"jsonrpc":"2.0","method":"a"},{"jsonrpc":"2.0","id":null,"method":"b"}])", 10);
    ASSERT_TRUE(body.batch);
    EXPECT_FALSE(body.calls[0].id) << "no id: a notification";
    ASSERT_TRUE(body.calls[1].id) << "a null id is still an id";
    EXPECT_TRUE(body.calls[1].id->is_null());
}

TEST(JsonRpcBody, RefusesWhatIsNoCall) {
    const auto code_of = [](std::string_view text) {
        const auto body = parse_rpc_body(text, 2);
        if (body.invalid) return body.invalid->code;
        return body.calls.at(0).invalid ? body.calls[0].invalid->code : 0;
    };
    EXPECT_EQ(code_of("{"), rpc_code::parse_error);
    EXPECT_EQ(code_of("[]"), rpc_code::invalid_request);
    EXPECT_EQ(code_of(R"([1,2,3])"), rpc_code::invalid_request) << "more than the batch bound";
    EXPECT_EQ(code_of("[1]"), rpc_code::invalid_request);
    EXPECT_EQ(code_of(R"({"id":1,"method":"m"})"), rpc_code::invalid_request) << "no jsonrpc";
    EXPECT_EQ(code_of(R"({"jsonrpc":"2.0","id":1,"method":7})"), rpc_code::invalid_request);
    EXPECT_EQ(code_of(R"({"jsonrpc":"2.0","id":1,"method":"m","params":"p"})"), rpc_code::invalid_request);
    const auto bad_id = parse_rpc_body(R"({"jsonrpc":"2.0","id":{"a":1},"method":"m"})", 2);
    ASSERT_TRUE(bad_id.calls[0].invalid);
    EXPECT_TRUE(bad_id.calls[0].id->is_null()) << "answered with a null id";
}

TEST(JsonRpcAnswers, AreWrittenAsTheSpecificationShowsThem) {
    EXPECT_EQ(write_rpc_result(json::value(3), R"({"ok":true})"), R"({"jsonrpc":"2.0","id":3,"result":{"ok":true}})");
    EXPECT_EQ(write_rpc_notification("llm.chunk", "{}"), R"({"jsonrpc":"2.0","method":"llm.chunk","params":{}})");
    const auto error = json::parse(write_rpc_error(std::nullopt, {rpc_code::method_not_found, "Method not found", nullptr}));
    EXPECT_EQ(error.at("id"), nullptr);
    EXPECT_EQ(error.at("error").at("code"), -32601);
    EXPECT_FALSE(error.at("error").as_object().contains("data"));
}

TEST(JsonRpcAnswers, GatewayErrorsKeepTheirTaxonomyInData) {
    auto budget = domain::make_error(ErrorCode::budget_exceeded, "Budget exceeded", "");
    budget.retry_after = std::chrono::seconds(30);
    const auto error = rpc_error_of(budget, budget.message);
    EXPECT_EQ(error.code, rpc_code::budget_exceeded);
    EXPECT_EQ(error.data.at("status"), 429);
    EXPECT_EQ(error.data.at("type"), "insufficient_quota");
    EXPECT_EQ(error.data.at("retry_after_s"), 30);
    struct Mapping {
        ErrorCode code;
        int rpc;
    };
    for (const auto [code, rpc] : {Mapping{ErrorCode::invalid_request, rpc_code::invalid_params},
                                   Mapping{ErrorCode::model_not_found, rpc_code::invalid_params},
                                   Mapping{ErrorCode::model_not_allowed, rpc_code::model_not_allowed},
                                   Mapping{ErrorCode::unauthorized, rpc_code::unauthorized},
                                   Mapping{ErrorCode::upstream_timeout, rpc_code::timeout},
                                   Mapping{ErrorCode::rate_limit_exceeded, rpc_code::rate_limited},
                                   Mapping{ErrorCode::rate_limited, rpc_code::rate_limited},
                                   Mapping{ErrorCode::upstream_unavailable, rpc_code::upstream_unavailable},
                                   Mapping{ErrorCode::upstream_error, rpc_code::upstream_unavailable},
                                   Mapping{ErrorCode::internal, rpc_code::internal_error}}) {
        EXPECT_EQ(rpc_error_of(domain::make_error(code, "m"), "m").code, rpc) << domain::to_string(code);
    }
}

}  // namespace
}  // namespace llmgw::adapters
