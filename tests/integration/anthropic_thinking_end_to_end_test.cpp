// reasoning_effort from an OpenAI client to Claude through the built
// gateway, against a fake that refuses what the Messages API refuses with
// thinking on: a budget outside [1024, max_tokens), a temperature other
// than 1, and a tool loop whose assistant turn lost its thinking block.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "anthropic_wire.hpp"
#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;

FakeReply refusal(const std::string& message) {
    return FakeReply{.status = 400,
                     .body = R"({"type":"error","error":{"type":"invalid_request_error","message":")" + message + R"("}})"};
}

// The checks the real API makes on a request with `thinking`.
std::optional<FakeReply> refused_thinking(const json::object& body) {
    const auto* thinking = body.if_contains("thinking");
    if (!thinking) return std::nullopt;
    if (thinking->at("type") == "enabled") {
        const auto budget = thinking->at("budget_tokens").as_int64();
        if (budget < 1024) return refusal("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
        if (budget >= body.at("max_tokens").as_int64()) return refusal("`max_tokens` must be greater than `thinking.budget_tokens`.");
    }
    if (const auto* temperature = body.if_contains("temperature"); temperature && temperature->to_number<double>() != 1.0) {
        return refusal("`temperature` may only be set to 1 when thinking is enabled.");
    }
    const auto& messages = body.at("messages").as_array();
    const auto& last = messages.back().as_object();
    const bool answers_tools = last.at("role") == "user" && last.at("content").is_array() &&
                               last.at("content").as_array().at(0).at("type") == "tool_result";
    if (answers_tools) {
        const auto& turn = messages.at(messages.size() - 2).at("content").as_array();
        const auto& first = turn.at(0).at("type");
        if (first != "thinking" && first != "redacted_thinking") {
            return refusal("messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `" +
                           std::string(first.as_string()) +
                           "`. When `thinking` is enabled, a final `assistant` message must start with a thinking block.");
        }
        // Blocks come back as they were given, signature and all.
        const auto issued = json::parse(anthropic_thinking_message()).at("content");
        if (turn.at(0) != issued.at(0) || turn.at(1) != issued.at(1)) return refusal("Invalid `signature` in `thinking` block");
    }
    return std::nullopt;
}

FakeReply anthropic_api(const UpstreamRequest& request) {
    const auto body = json::parse(request.body()).as_object();
    if (auto refused = refused_thinking(body)) return *refused;
    if (body.contains("stream")) return FakeReply{.content_type = "text/event-stream", .pieces = anthropic_thinking_stream()};
    const auto& last = body.at("messages").as_array().back().at("content");
    if (last.is_array() && last.as_array().at(0).at("type") == "tool_result") {
        return FakeReply{.body = R"({"id":"msg_02","type":"message","role":"assistant","model":"claude-sonnet-4-5",
            "content":[{"type":"text","text":"It is 12C in Oslo."}],"stop_reason":"end_turn","stop_sequence":null,
            "usage":{"input_tokens":90,"output_tokens":9}})"};
    }
    return FakeReply{.body = anthropic_thinking_message()};
}

const std::string tools = R"("tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}])";
const std::string question = R"({"role":"user","content":"Weather in Oslo?"})";

class AnthropicThinkingEndToEnd : public ::testing::Test {
protected:
    std::string model_entries() const {
        return "models:\n"
               "  - name: claude\n"
               "    provider: anthropic\n"
               "    upstream_model: claude-sonnet-4-5\n"
               "    max_tokens_default: 8192\n"
               "  - name: claude-next\n"
               "    provider: anthropic\n"
               "    upstream_model: claude-sonnet-4-5-20250929\n"
               "    thinking: adaptive\n";
    }
    FakeUpstream upstream{anthropic_api};
    GatewayProcess gateway{"providers:\n"
                           "  - name: anthropic\n"
                           "    kind: anthropic\n"
                           "    base_url: http://127.0.0.1:" + std::to_string(upstream.port()) + "\n"
                           "    api_key_env: ANTHROPIC_API_KEY\n" + model_entries(),
                           {{"ANTHROPIC_API_KEY", "sk-ant-api03-e2e-secret"}}};

    json::value call(const std::string& body) {
        const auto response = post_json(gateway.port(), "/v1/chat/completions", body);
        EXPECT_EQ(response.result_int(), 200) << response.body();
        return response.result_int() == 200 ? json::parse(response.body()) : json::value();
    }
};

TEST_F(AnthropicThinkingEndToEnd, AToolLoopWithThinkingRoundTripsItsBlocks) {
    const auto first = call(R"({"model":"claude","reasoning_effort":"high","messages":[)" + question + "]," + tools + "}");
    const auto& message = first.at("choices").at(0).at("message");
    EXPECT_EQ(message.at("reasoning_content"), "I should look the weather up.");
    ASSERT_EQ(message.at("thinking_blocks").as_array().size(), 2u);
    EXPECT_EQ(first.at("usage").at("completion_tokens"), 95);  // thinking is billed as output
    const auto sent = json::parse(upstream.requests().at(0).body());
    EXPECT_EQ(sent.at("thinking"), json::parse(R"({"type":"enabled","budget_tokens":6553})"));  // 80 % of 8192

    // The assistant message goes back exactly as the client received it.
    const auto second = call(R"({"model":"claude","reasoning_effort":"high","messages":[)" + question + "," +
                             json::serialize(message) +
                             R"(,{"role":"tool","tool_call_id":"toolu_01T","content":"12C"}],)" + tools + "}");
    EXPECT_EQ(second.at("choices").at(0).at("message").at("content"), "It is 12C in Oslo.");
    EXPECT_TRUE(json::parse(upstream.requests().at(1).body()).as_object().contains("thinking"));
}

TEST_F(AnthropicThinkingEndToEnd, AClientThatDropsTheBlocksStillFinishesItsToolLoop) {
    const auto answer = call(R"({"model":"claude","reasoning_effort":"high","messages":[)" + question +
                             R"(,{"role":"assistant","content":null,"tool_calls":[{"id":"toolu_01T","type":"function",
                                 "function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},
                               {"role":"tool","tool_call_id":"toolu_01T","content":"12C"}],)" + tools + "}");
    EXPECT_EQ(answer.at("choices").at(0).at("message").at("content"), "It is 12C in Oslo.");
    EXPECT_FALSE(json::parse(upstream.requests().at(0).body()).as_object().contains("thinking"));
}

TEST_F(AnthropicThinkingEndToEnd, WhatThinkingRefusesIsA400NamingTheParameterBeforeAnyUpstreamCall) {
    const auto response = post_json(gateway.port(), "/v1/chat/completions",
                                    R"({"model":"claude","reasoning_effort":"low","temperature":0.3,"messages":[)" + question + "]}");
    EXPECT_EQ(response.result_int(), 400) << response.body();
    EXPECT_EQ(json::parse(response.body()).at("error").at("param"), "temperature");
    EXPECT_TRUE(upstream.requests().empty());
}

TEST_F(AnthropicThinkingEndToEnd, AModelConfiguredAdaptiveSendsTheEffortLevel) {
    call(R"({"model":"claude-next","reasoning_effort":"medium","messages":[)" + question + "]}");
    const auto sent = json::parse(upstream.requests().at(0).body());
    EXPECT_EQ(sent.at("thinking"), json::parse(R"({"type":"adaptive"})"));
    EXPECT_EQ(sent.at("output_config"), json::parse(R"({"effort":"medium"})"));
}

TEST_F(AnthropicThinkingEndToEnd, AStreamCarriesReasoningContentThenTheSignedBlocks) {
    const auto response = post_json(gateway.port(), "/v1/chat/completions",
                                    R"({"model":"claude","reasoning_effort":"high","stream":true,"messages":[)" + question + "]}");
    ASSERT_EQ(response.result_int(), 200) << response.body();
    std::string reasoning, content;
    json::array blocks;
    for (const auto& data : sse_data(response.body())) {
        if (data == "[DONE]") continue;
        const auto chunk = json::parse(data);
        const auto& choices = chunk.at("choices").as_array();
        if (choices.empty()) continue;
        const auto& delta = choices.at(0).at("delta").as_object();
        if (const auto* text = delta.if_contains("reasoning_content")) reasoning += text->as_string();
        if (const auto* text = delta.if_contains("content")) content += text->as_string();
        if (const auto* more = delta.if_contains("thinking_blocks")) {
            for (const auto& block : more->as_array()) blocks.push_back(block);
        }
    }
    EXPECT_EQ(reasoning, "1071 = 462 * 2 + 147, so the GCD is 21.");
    EXPECT_EQ(content, "The GCD is 21.");
    EXPECT_EQ(blocks, json::parse(R"([{"type":"thinking","thinking":"1071 = 462 * 2 + 147, so the GCD is 21.","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
                                      {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"}])"));
}

}  // namespace
}  // namespace llmgw::testing
