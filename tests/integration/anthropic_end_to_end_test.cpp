// An OpenAI client of the built gateway, served by an Anthropic deployment:
// it must get OpenAI's shapes, streamed and not, with tools.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "anthropic_wire.hpp"
#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;

FakeReply anthropic_api(const UpstreamRequest& request) {
    const auto body = json::parse(request.body());
    if (body.as_object().contains("stream")) {
        return FakeReply{.content_type = "text/event-stream", .pieces = anthropic_tool_stream()};
    }
    return FakeReply{.body = anthropic_tool_message()};
}

const char* chat = R"({"model":"claude","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Weather in Oslo?"}],
    "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]%s})";

std::string chat_body(bool stream) {
    char buffer[1024];
    std::snprintf(buffer, sizeof buffer, chat, stream ? R"(,"stream":true,"stream_options":{"include_usage":true})" : "");
    return buffer;
}

class AnthropicEndToEnd : public ::testing::Test {
protected:
    FakeUpstream upstream{anthropic_api};
    GatewayProcess gateway{"providers:\n"
                           "  - name: anthropic\n"
                           "    kind: anthropic\n"
                           "    base_url: http://127.0.0.1:" + std::to_string(upstream.port()) + "\n"
                           "    api_key_env: ANTHROPIC_API_KEY\n"
                           "models:\n"
                           "  - name: claude\n"
                           "    provider: anthropic\n"
                           "    upstream_model: claude-sonnet-4-5\n"
                           "    max_tokens_default: 2048\n"
                           "    pricing: { input_per_mtok: 3, output_per_mtok: 15, cached_input_per_mtok: 0.30, cache_write_input_per_mtok: 3.75 }\n",
                           {{"ANTHROPIC_API_KEY", "sk-ant-api03-e2e-secret"}}};
};

TEST_F(AnthropicEndToEnd, AnswersInOpenAIsShapeWithToolCalls) {
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body(false));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    const auto body = json::parse(response.body());
    EXPECT_EQ(body.at("object"), "chat.completion");
    EXPECT_EQ(body.at("model"), "claude");
    const auto& choice = body.at("choices").at(0);
    EXPECT_EQ(choice.at("finish_reason"), "tool_calls");
    EXPECT_EQ(choice.at("message").at("role"), "assistant");
    const auto& call = choice.at("message").at("tool_calls").at(0);
    EXPECT_EQ(call.at("type"), "function");
    EXPECT_EQ(call.at("function").at("name"), "get_weather");
    EXPECT_EQ(json::parse(call.at("function").at("arguments").as_string()), json::parse(R"({"city":"Oslo"})"));
    EXPECT_EQ(body.at("usage").at("prompt_tokens"), 500);
    EXPECT_EQ(body.at("usage").at("prompt_tokens_details").at("cached_tokens"), 150);
    EXPECT_EQ(body.at("usage").at("total_tokens"), 540);

    EXPECT_EQ(upstream.requests().at(0)["x-api-key"], "sk-ant-api03-e2e-secret");
    EXPECT_EQ(gateway.log().find("e2e-secret"), std::string::npos);
    const auto sent = json::parse(upstream.requests().at(0).body());
    EXPECT_EQ(sent.at("system").at(0).at("text"), "Be brief.");
    EXPECT_EQ(sent.at("max_tokens"), 2048);
    EXPECT_EQ(sent.at("tools").at(0).at("input_schema").at("type"), "object");
}

TEST_F(AnthropicEndToEnd, StreamsInOpenAIsShapeWithSeveralToolCalls) {
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body(true));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    const auto events = sse_data(response.body());
    ASSERT_EQ(events.size(), 11u) << response.body();  // 9 chunks, usage, [DONE]
    EXPECT_EQ(json::parse(events[0]).at("choices").at(0).at("delta").at("role"), "assistant");
    std::map<std::int64_t, std::string> arguments;
    std::map<std::int64_t, std::string> names;
    for (std::size_t i = 0; i < 9; ++i) {
        const auto delta = json::parse(events[i]).at("choices").at(0).at("delta");
        if (!delta.as_object().contains("tool_calls")) continue;
        for (const auto& call : delta.at("tool_calls").as_array()) {
            const auto index = call.at("index").as_int64();
            const auto& function = call.at("function").as_object();
            if (function.contains("name")) names[index] = function.at("name").as_string();
            arguments[index] += function.at("arguments").as_string();
        }
    }
    EXPECT_EQ(names, (std::map<std::int64_t, std::string>{{0, "get_weather"}, {1, "get_time"}}));
    EXPECT_EQ(json::parse(arguments[0]), json::parse(R"({"city":"Oslo"})"));
    EXPECT_EQ(json::parse(arguments[1]), json::parse(R"({"tz":"CET"})"));
    EXPECT_EQ(json::parse(events[8]).at("choices").at(0).at("finish_reason"), "tool_calls");
    EXPECT_EQ(json::parse(events[9]).at("usage").at("completion_tokens"), 89);
    EXPECT_EQ(events[10], "[DONE]");
}

}  // namespace
}  // namespace llmgw::testing
