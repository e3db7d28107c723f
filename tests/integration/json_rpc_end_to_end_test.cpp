// JSON-RPC 2.0 on POST /v1/jsonrpc through the built gateway and its mock
// provider: a call, a batch with every kind of element the specification
// names (a call, a notification, an unknown method, an invalid object),
// a body of notifications only, a parse error, errors with the gateway's
// codes and the HTTP status in `data`, a stream of `llm.chunk`
// notifications closed by the call's response, and a ledger row per call.

#include <gtest/gtest.h>

#include <csignal>

#include <boost/json/parse.hpp>

#include "database_queries.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"

namespace llmgw::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

constexpr const char* agent_key = "gw-agent-key-0123456789";
constexpr const char* admin_key = "gw-admin-key-0123456789";

class JsonRpcEndToEnd : public ::testing::Test {
protected:
    GatewayProcess gateway{"providers: [{ name: mock, kind: mock }]\n"
                           "models:\n"
                           "  - { name: mock-echo, provider: mock }\n"
                           "  - { name: mock-other, provider: mock }\n"
                           "tiers: { fast: [mock-other, mock-echo] }\n"
                           "tier_strategy: cost\n"
                           "auth:\n"
                           "  admin_key_env: KEY_ADMIN\n"
                           "  keys:\n"
                           "    - { id: agent-platform, key_env: KEY_AGENT, team: agents, models: [mock-echo] }\n",
                           {{"KEY_AGENT", agent_key}, {"KEY_ADMIN", admin_key}}};

    TestResponse rpc(const std::string& body, const char* key = agent_key) {
        std::vector<std::pair<std::string, std::string>> headers{{"content-type", "application/json"}};
        if (key) headers.emplace_back("authorization", std::string("Bearer ") + key);
        return http_request(gateway.port(), http::verb::post, "/v1/jsonrpc", body, headers);
    }
};

const std::string complete_params =
    R"({"model":"mock-echo","messages":[{"role":"user","content":"three small words"}],"max_tokens":16,)"
    R"("a2a_context":{"trace_id":"4bf92f3577b34da6a3ce929d0e0e4736","source_agent":"planner","session_id":"s-42"}})";

TEST_F(JsonRpcEndToEnd, ACallIsAnsweredWithTheChatCompletionAndBookedUnderItsAgent) {
    const auto response = rpc(R"({"jsonrpc":"2.0","id":7,"method":"llm.complete","params":)" + complete_params + "}");
    ASSERT_EQ(response.result_int(), 200) << response.body();
    // The call joined its agent's trace.
    EXPECT_EQ(std::string(response["traceparent"]).substr(3, 32), "4bf92f3577b34da6a3ce929d0e0e4736");
    const auto answer = json::parse(response.body()).as_object();
    EXPECT_EQ(answer.at("jsonrpc"), "2.0");
    EXPECT_EQ(answer.at("id"), 7);
    const auto& result = answer.at("result");
    EXPECT_EQ(result.at("object"), "chat.completion");
    EXPECT_EQ(result.at("choices").at(0).at("message").at("content"), "three small words");
    EXPECT_EQ(result.at("usage").at("completion_tokens"), 3);

    ASSERT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();
    const auto rows = sqlite_query(gateway.ledger_path(),
                                   "SELECT status, model, source_agent, session_id, key_id FROM ledger");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"200", "mock-echo", "planner", "s-42", "agent-platform"}));
}

TEST_F(JsonRpcEndToEnd, ABatchAnswersEachCallButTheNotificationsInOrder) {
    const auto response = rpc(
        R"([{"jsonrpc":"2.0","id":"a","method":"llm.complete","params":)" + complete_params + R"(},)"
        R"({"jsonrpc":"2.0","method":"llm.complete","params":)" + complete_params + R"(},)"
        R"({"jsonrpc":"2.0","id":"b","method":"llm.translate"},)"
        R"({"foo":"boo"},)"
        R"({"jsonrpc":"2.0","id":3,"method":"llm.models"},)"
        R"({"jsonrpc":"2.0","id":4,"method":"llm.stream","params":)" + complete_params + R"(}])");
    ASSERT_EQ(response.result_int(), 200) << response.body();
    const auto answers = json::parse(response.body()).as_array();
    ASSERT_EQ(answers.size(), 5u) << response.body();
    EXPECT_EQ(answers[0].at("id"), "a");
    EXPECT_EQ(answers[0].at("result").at("choices").at(0).at("message").at("content"), "three small words");
    EXPECT_EQ(answers[1].at("id"), "b");
    EXPECT_EQ(answers[1].at("error").at("code"), -32601);
    EXPECT_EQ(answers[2].at("id"), nullptr);
    EXPECT_EQ(answers[2].at("error").at("code"), -32600);
    EXPECT_EQ(answers[3].at("id"), 3);
    const auto& models = answers[3].at("result").at("data").as_array();
    ASSERT_EQ(models.size(), 2u) << "only the models the key may use, and its tiers";
    EXPECT_EQ(models[0].at("id"), "mock-echo");
    EXPECT_EQ(models[1].at("id"), "tier:fast");
    EXPECT_EQ(answers[4].at("error").at("code"), -32600) << "a stream cannot be batched";

    ASSERT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();
    const auto rows = sqlite_query(gateway.ledger_path(), "SELECT request_id FROM ledger ORDER BY request_id");
    ASSERT_EQ(rows.size(), 2u) << "the call and the notification were both served";
    EXPECT_TRUE(rows[0][0].ends_with("-1")) << rows[0][0];
    EXPECT_TRUE(rows[1][0].ends_with("-2")) << rows[1][0];
}

TEST_F(JsonRpcEndToEnd, NotificationsAloneGetNoBodyAndBadBodiesTheSpecificationsErrors) {
    EXPECT_EQ(rpc(R"({"jsonrpc":"2.0","method":"llm.models"})").result_int(), 204);

    const auto unreadable = rpc(R"({"jsonrpc":"2.0","method":"llm.complete","params":)");
    ASSERT_EQ(unreadable.result_int(), 200);
    const auto parse_error = json::parse(unreadable.body());
    EXPECT_EQ(parse_error.at("id"), nullptr);
    EXPECT_EQ(parse_error.at("error").at("code"), -32700);

    EXPECT_EQ(json::parse(rpc("[]").body()).at("error").at("code"), -32600);
    EXPECT_EQ(json::parse(rpc(R"({"jsonrpc":"1.0","id":1,"method":"llm.models"})").body()).at("error").at("code"),
              -32600);
    const auto positional = json::parse(rpc(R"({"jsonrpc":"2.0","id":1,"method":"llm.complete","params":[1]})").body());
    EXPECT_EQ(positional.at("error").at("code"), -32602);
}

TEST_F(JsonRpcEndToEnd, GatewayErrorsCarryTheirCodeAndTheRestDoorsStatus) {
    const auto not_allowed = json::parse(
        rpc(R"({"jsonrpc":"2.0","id":1,"method":"llm.complete","params":{"model":"mock-other","messages":[{"role":"user","content":"hi"}]}})")
            .body());
    EXPECT_EQ(not_allowed.at("error").at("code"), -32001);
    EXPECT_EQ(not_allowed.at("error").at("data").at("status"), 403);
    EXPECT_EQ(not_allowed.at("error").at("data").at("code"), "model_not_allowed");

    const auto bad_request = json::parse(
        rpc(R"({"jsonrpc":"2.0","id":2,"method":"llm.complete","params":{"model":"mock-echo","messages":"hi"}})").body());
    EXPECT_EQ(bad_request.at("error").at("code"), -32602);
    EXPECT_EQ(bad_request.at("error").at("data").at("status"), 400);

    const auto not_admin = json::parse(rpc(R"({"jsonrpc":"2.0","id":4,"method":"llm.metrics"})").body());
    EXPECT_EQ(not_admin.at("error").at("code"), -32001) << "the metrics are the admin key's";
    EXPECT_EQ(not_admin.at("error").at("data").at("status"), 403);

    const auto anonymous = rpc(R"({"jsonrpc":"2.0","id":3,"method":"llm.models"})", nullptr);
    EXPECT_EQ(anonymous.result_int(), 401);
    EXPECT_EQ(json::parse(anonymous.body()).at("error").at("code"), -32006);
}

TEST_F(JsonRpcEndToEnd, TheAdminKeyReadsTheMetrics) {
    ASSERT_EQ(rpc(R"({"jsonrpc":"2.0","id":1,"method":"llm.complete","params":)" + complete_params + "}").result_int(), 200);
    const auto metrics = json::parse(rpc(R"({"jsonrpc":"2.0","id":2,"method":"llm.metrics"})", admin_key).body());
    EXPECT_EQ(metrics.at("result").at("format"), "prometheus");
    const std::string text(metrics.at("result").at("text").as_string());
    EXPECT_NE(text.find(R"(llm_requests_total{provider="mock",model="mock-echo",status="200"} 1)"), std::string::npos)
        << text;
}

TEST_F(JsonRpcEndToEnd, AStreamIsChunkNotificationsThenTheCallsResponse) {
    const auto response = rpc(R"({"jsonrpc":"2.0","id":"s1","method":"llm.stream","params":)" + complete_params + "}");
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_EQ(response[http::field::content_type], "text/event-stream");
    std::vector<json::value> events;
    const std::string_view body = response.body();
    for (std::size_t at = 0; (at = body.find("data: ", at)) != std::string_view::npos;) {
        const auto end = body.find("\n\n", at);
        events.push_back(json::parse(body.substr(at + 6, end - at - 6)));
        at = end;
    }
    ASSERT_GE(events.size(), 3u) << response.body();
    std::string streamed;
    for (std::size_t i = 0; i + 1 < events.size(); ++i) {
        EXPECT_EQ(events[i].at("method"), "llm.chunk");
        EXPECT_FALSE(events[i].as_object().contains("id")) << "a notification";
        const auto& choices = events[i].at("params").at("choices").as_array();
        if (choices.empty()) continue;
        if (const auto* content = choices[0].at("delta").as_object().if_contains("content"); content && content->is_string()) {
            streamed += content->as_string();
        }
    }
    EXPECT_EQ(streamed, "three small words");
    const auto& last = events.back();
    EXPECT_EQ(last.at("id"), "s1");
    EXPECT_EQ(last.at("result").at("choices").at(0).at("message").at("content"), "three small words");
    EXPECT_EQ(last.at("result").at("choices").at(0).at("finish_reason"), "stop");
}

TEST_F(JsonRpcEndToEnd, ATierPicksAModelTheKeyMayUseAndTheAnswerNamesIt) {
    const auto selected = rpc(R"({"jsonrpc":"2.0","id":1,"method":"llm.select_model","params":{"tier":"fast"}})");
    ASSERT_EQ(selected.result_int(), 200) << selected.body();
    const auto result = json::parse(selected.body()).at("result");
    EXPECT_EQ(result.at("model"), "mock-echo");
    EXPECT_EQ(result.at("strategy"), "cost");
    const auto& candidates = result.at("candidates").as_array();
    ASSERT_EQ(candidates.size(), 2u);
    EXPECT_EQ(candidates[0].at("model"), "mock-other");
    EXPECT_EQ(candidates[0].at("allowed"), false);
    EXPECT_EQ(candidates[1].at("allowed"), true);

    const auto answered = rpc(R"({"jsonrpc":"2.0","id":2,"method":"llm.complete","params":)"
                              R"({"model":"tier:fast","messages":[{"role":"user","content":"hi"}]}})");
    ASSERT_EQ(answered.result_int(), 200) << answered.body();
    EXPECT_EQ(json::parse(answered.body()).at("result").at("model"), "mock-echo");

    const auto unknown = rpc(R"({"jsonrpc":"2.0","id":3,"method":"llm.select_model","params":{"model":"tier:slow"}})");
    EXPECT_EQ(json::parse(unknown.body()).at("error").at("data").at("code"), "model_not_found") << unknown.body();
    const auto bad = rpc(R"({"jsonrpc":"2.0","id":4,"method":"llm.select_model","params":{"tier":"fast","strategy":"luck"}})");
    EXPECT_EQ(json::parse(bad.body()).at("error").at("code"), -32602) << bad.body();

    // Through the REST door too, with the served model in the header.
    const auto rest = http_request(gateway.port(), http::verb::post, "/v1/chat/completions",
                                   R"({"model":"tier:fast","messages":[{"role":"user","content":"hi"}]})",
                                   {{"authorization", std::string("Bearer ") + agent_key}});
    ASSERT_EQ(rest.result_int(), 200) << rest.body();
    EXPECT_EQ(rest["x-llmgw-served-by"], "mock-echo");
    EXPECT_EQ(json::parse(rest.body()).at("model"), "mock-echo");

    // The models the key may use, then the tiers it may ask for.
    const auto listed = http_request(gateway.port(), http::verb::get, "/v1/models", {},
                                     {{"authorization", std::string("Bearer ") + agent_key}});
    ASSERT_EQ(listed.result_int(), 200) << listed.body();
    const auto list = json::parse(listed.body());
    const auto& data = list.at("data").as_array();
    ASSERT_EQ(data.size(), 2u) << listed.body();
    EXPECT_EQ(data[0].at("id"), "mock-echo");
    EXPECT_EQ(data[1].at("id"), "tier:fast");
    EXPECT_EQ(data[1].at("owned_by"), "tier");
    EXPECT_EQ(http_request(gateway.port(), http::verb::get, "/v1/models/tier:fast", {},
                           {{"authorization", std::string("Bearer ") + agent_key}})
                  .result_int(),
              200);
}

}  // namespace
}  // namespace llmgw::testing
