// Anthropic's Messages API on POST /v1/messages through the built gateway
// and its mock provider, as raw HTTP: the answer whole and as named events,
// Anthropic-shaped errors, the gateway key as x-api-key, and the same
// ledger row as any other door gives, with the end user from
// metadata.user_id. (The official SDK against every provider kind:
// tests/conformance/anthropic_sdk.test.mjs.)

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

constexpr const char* coder_key = "gw-coder-key-0123456789";

class MessagesEndToEnd : public ::testing::Test {
protected:
    GatewayProcess gateway{"providers: [{ name: mock, kind: mock }]\n"
                           "models:\n"
                           "  - { name: mock-echo, provider: mock }\n"
                           "auth:\n"
                           "  keys:\n"
                           "    - { id: claude-code, key_env: KEY_CODER, team: tools, models: [mock-echo] }\n",
                           {{"KEY_CODER", coder_key}}};

    TestResponse messages(const std::string& body, const char* key = coder_key, http::verb verb = http::verb::post) {
        std::vector<std::pair<std::string, std::string>> headers{{"content-type", "application/json"},
                                                                 {"anthropic-version", "2023-06-01"}};
        if (key) headers.emplace_back("x-api-key", key);
        return http_request(gateway.port(), verb, "/v1/messages", body, headers);
    }
};

const std::string question = R"({"model":"mock-echo","max_tokens":64,"metadata":{"user_id":"dev-41"},)"
                             R"("messages":[{"role":"user","content":"three small words"}])";

TEST_F(MessagesEndToEnd, AnAnswerIsAMessageAndItsRowIsBookedLikeAnyOther) {
    const auto response = messages(question + "}");
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_FALSE(response["request-id"].empty());
    const auto message = json::parse(response.body());
    EXPECT_EQ(message.at("type"), "message");
    EXPECT_EQ(message.at("content"), json::parse(R"([{"type":"text","text":"three small words"}])"));
    EXPECT_EQ(message.at("stop_reason"), "end_turn");
    EXPECT_EQ(message.at("usage").at("output_tokens"), 3);

    ASSERT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();
    const auto rows = sqlite_query(gateway.ledger_path(),
                                   "SELECT status, operation, stream, model, key_id, team, end_user, completion_tokens FROM ledger");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"200", "chat", "0", "mock-echo", "claude-code", "tools", "dev-41", "3"}));
}

TEST_F(MessagesEndToEnd, AStreamIsNamedEventsFromMessageStartToMessageStop) {
    const auto response = messages(question + R"(,"stream":true})");
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_EQ(response[http::field::content_type], "text/event-stream");
    std::vector<std::string> names;
    std::string text;
    const auto& body = response.body();
    for (std::size_t at = body.find("event: "); at != std::string::npos; at = body.find("event: ", at + 1)) {
        const auto name_end = body.find('\n', at);
        names.push_back(body.substr(at + 7, name_end - at - 7));
        ASSERT_EQ(body.compare(name_end + 1, 6, "data: "), 0);
        const auto data = json::parse(body.substr(name_end + 7, body.find('\n', name_end + 1) - name_end - 7));
        EXPECT_EQ(data.at("type").as_string(), names.back());
        if (names.back() == "content_block_delta") text += data.at("delta").at("text").as_string();
    }
    ASSERT_GE(names.size(), 7u) << body;
    EXPECT_EQ(names.front(), "message_start");
    EXPECT_EQ(names[1], "ping");
    EXPECT_EQ(names[2], "content_block_start");
    EXPECT_EQ(names[names.size() - 3], "content_block_stop");
    EXPECT_EQ(names[names.size() - 2], "message_delta");
    EXPECT_EQ(names.back(), "message_stop");
    EXPECT_EQ(text, "three small words");

    ASSERT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();
    const auto rows = sqlite_query(gateway.ledger_path(), "SELECT status, stream, end_user FROM ledger");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"200", "1", "dev-41"}));
}

TEST_F(MessagesEndToEnd, ErrorsAreAnthropicsWithTheStatusAnyDoorGives) {
    const auto check = [](const TestResponse& response, unsigned status, std::string_view type) {
        EXPECT_EQ(response.result_int(), status) << response.body();
        const auto error = json::parse(response.body());
        EXPECT_EQ(error.at("type"), "error");
        EXPECT_EQ(error.at("error").at("type").as_string(), type) << response.body();
        EXPECT_EQ(error.at("request_id").as_string(), response["request-id"]);
    };
    check(messages(question + "}", "gw-wrong-key"), 401, "authentication_error");
    check(messages(question + "}", nullptr), 401, "authentication_error");
    check(messages("{not json"), 400, "invalid_request_error");
    check(messages(R"({"model":"mock-echo","messages":[{"role":"user","content":"hi"}]})"), 400, "invalid_request_error");
    // Outside the key's list (whether it exists or not: a key does not learn which do).
    check(messages(R"({"model":"mock-other","max_tokens":5,"messages":[{"role":"user","content":"hi"}]})"), 403,
          "permission_error");
    check(messages("", coder_key, http::verb::get), 405, "invalid_request_error");
    // No row for what never reached a model.
    ASSERT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();
    EXPECT_TRUE(sqlite_query(gateway.ledger_path(), "SELECT status FROM ledger WHERE status = 200").empty());
}

}  // namespace
}  // namespace llmgw::testing
