// OpenAI's Responses API with `store: true` through the built gateway and
// its mock provider (which answers with the last user message and counts
// every word of the conversation as a prompt token), as raw HTTP: a stored
// response continued by `previous_response_id`, read back, listed and
// deleted, each by its own key only; and a streamed one stored before its
// last event. (The official SDK: tests/conformance/openai_sdk.test.mjs.)

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "gateway_process.hpp"
#include "http_test_client.hpp"

namespace llmgw::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

constexpr const char* owner_key = "gw-owner-key-0123456789";
constexpr const char* other_key = "gw-other-key-0123456789";

class StoredResponsesEndToEnd : public ::testing::Test {
protected:
    GatewayProcess gateway{"providers: [{ name: mock, kind: mock }]\n"
                           "models:\n"
                           "  - { name: mock-echo, provider: mock }\n"
                           "auth:\n"
                           "  keys:\n"
                           "    - { id: owner, key_env: KEY_OWNER }\n"
                           "    - { id: other, key_env: KEY_OTHER }\n",
                           {{"KEY_OWNER", owner_key}, {"KEY_OTHER", other_key}}};

    TestResponse call(http::verb verb, const std::string& target, const std::string& body = {},
                      const char* key = owner_key) {
        return http_request(gateway.port(), verb, target, body,
                            {{"content-type", "application/json"}, {"authorization", std::string("Bearer ") + key}});
    }
    json::value create(const std::string& body, const char* key = owner_key) {
        const auto response = call(http::verb::post, "/v1/responses", body, key);
        EXPECT_EQ(response.result_int(), 200) << response.body();
        return response.result_int() == 200 ? json::parse(response.body()) : json::value();
    }
};

TEST_F(StoredResponsesEndToEnd, AStoredResponseIsContinuedReadListedAndDeletedByItsKeyAlone) {
    const auto first = create(R"({"model":"mock-echo","input":"three small words","store":true})");
    ASSERT_TRUE(first.is_object());
    EXPECT_EQ(first.at("store"), true);
    const std::string id(first.at("id").as_string());

    const auto second = create(R"({"model":"mock-echo","previous_response_id":")" + id +
                               R"(","input":"two more","store":true})");
    ASSERT_TRUE(second.is_object());
    EXPECT_EQ(second.at("previous_response_id"), id.c_str());
    EXPECT_EQ(second.at("output").at(0).at("content").at(0).at("text"), "two more");
    // Question, answer and the new input: the whole conversation went upstream.
    EXPECT_EQ(second.at("usage").at("input_tokens"), 3 + 3 + 2);

    const auto read = call(http::verb::get, "/v1/responses/" + id);
    ASSERT_EQ(read.result_int(), 200) << read.body();
    EXPECT_EQ(json::parse(read.body()), first);

    const std::string second_id(second.at("id").as_string());
    const auto listed = call(http::verb::get, "/v1/responses/" + second_id + "/input_items?order=asc");
    ASSERT_EQ(listed.result_int(), 200) << listed.body();
    const auto items = json::parse(listed.body());
    ASSERT_EQ(items.at("data").as_array().size(), 3u) << listed.body();
    EXPECT_EQ(items.at("data").at(0).at("content").at(0).at("text"), "three small words");
    EXPECT_EQ(items.at("data").at(1).at("role"), "assistant");
    EXPECT_EQ(items.at("data").at(2).at("content").at(0).at("text"), "two more");

    // Another key is told it does not exist.
    EXPECT_EQ(call(http::verb::get, "/v1/responses/" + id, {}, other_key).result_int(), 404);
    EXPECT_EQ(call(http::verb::delete_, "/v1/responses/" + id, {}, other_key).result_int(), 404);
    const auto foreign = call(http::verb::post, "/v1/responses",
                              R"({"model":"mock-echo","previous_response_id":")" + id + R"(","input":"x"})", other_key);
    ASSERT_EQ(foreign.result_int(), 400) << foreign.body();
    EXPECT_EQ(json::parse(foreign.body()).at("error").at("code"), "previous_response_not_found");
    EXPECT_EQ(json::parse(foreign.body()).at("error").at("param"), "previous_response_id");

    const auto deleted = call(http::verb::delete_, "/v1/responses/" + id);
    ASSERT_EQ(deleted.result_int(), 200) << deleted.body();
    EXPECT_EQ(json::parse(deleted.body()), json::parse(R"({"id":")" + id + R"(","object":"response","deleted":true})"));
    EXPECT_EQ(call(http::verb::get, "/v1/responses/" + id).result_int(), 404);
    EXPECT_EQ(call(http::verb::get, "/v1/responses/" + second_id).result_int(), 200) << "each response is its own";
}

TEST_F(StoredResponsesEndToEnd, AResponseNotAskedToBeStoredIsNotKept) {
    const auto answer = create(R"({"model":"mock-echo","input":"hello"})");
    ASSERT_TRUE(answer.is_object());
    EXPECT_EQ(answer.at("store"), false);
    EXPECT_EQ(call(http::verb::get, "/v1/responses/" + std::string(answer.at("id").as_string())).result_int(), 404);
    EXPECT_EQ(call(http::verb::put, "/v1/responses/resp_x").result_int(), 405);
    EXPECT_EQ(call(http::verb::get, "/v1/responses/resp_x/input_items/more").result_int(), 404);
    EXPECT_EQ(call(http::verb::get, "/v1/responses/resp_x", {}, "gw-wrong-key-000000000").result_int(), 401);
}

TEST_F(StoredResponsesEndToEnd, AStreamedResponseIsStoredBeforeItsLastEvent) {
    const auto streamed = call(http::verb::post, "/v1/responses",
                               R"({"model":"mock-echo","input":"stream these words","store":true,"stream":true})");
    ASSERT_EQ(streamed.result_int(), 200) << streamed.body();
    const auto& body = streamed.body();
    const auto completed_at = body.find("event: response.completed\ndata: ");
    ASSERT_NE(completed_at, std::string::npos) << body;
    const auto data_at = completed_at + std::string_view("event: response.completed\ndata: ").size();
    const auto completed = json::parse(body.substr(data_at, body.find('\n', data_at) - data_at));
    const auto& response = completed.at("response");
    EXPECT_EQ(response.at("store"), true);

    const auto read = call(http::verb::get, "/v1/responses/" + std::string(response.at("id").as_string()));
    ASSERT_EQ(read.result_int(), 200) << read.body();
    EXPECT_EQ(json::parse(read.body()), response);
}

}  // namespace
}  // namespace llmgw::testing
