#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/openai_format/chat_response_json.hpp"
#include "adapters/openai_format/stream_chunk_json.hpp"
#include "adapters/outbound/anthropic/anthropic_request.hpp"
#include "adapters/outbound/anthropic/anthropic_response.hpp"
#include "adapters/outbound/anthropic/anthropic_stream.hpp"
#include "anthropic_wire.hpp"
#include "stream_translation.hpp"

// reasoning_effort on Anthropic models: extended thinking, its blocks back
// to the client as thinking_blocks, and back to Anthropic in a tool loop.
namespace llmgw::adapters {
namespace {
namespace json = boost::json;
using namespace llmgw::testing;

domain::Result<std::string> written(std::string_view openai_body, AnthropicThinking mode, std::int64_t max_tokens = 4096) {
    auto request = parse_chat_request(json::parse(openai_body).as_object());
    EXPECT_TRUE(request) << openai_body << (request ? "" : request.error().message + " " + request.error().param);
    return write_anthropic_request(request.value(), "claude", {max_tokens, mode}, false);
}

json::object anthropic_body(std::string_view openai_body, AnthropicThinking mode, std::int64_t max_tokens = 4096) {
    auto body = written(openai_body, mode, max_tokens);
    EXPECT_TRUE(body) << (body ? "" : body.error().message);
    return body ? json::parse(body.value()).as_object() : json::object();
}

std::string with_effort(std::string_view effort, std::string_view more = "") {
    return R"({"model":"c","messages":[{"role":"user","content":"GCD of 1071 and 462?"}],"reasoning_effort":")" +
           std::string(effort) + "\"" + std::string(more) + "}";
}

TEST(AnthropicThinking, BudgetModeGivesAShareOfMaxTokensWithinAnthropicsBounds) {
    const auto budget = [](std::string_view effort, std::int64_t max_tokens) {
        const auto body = anthropic_body(with_effort(effort), AnthropicThinking::budget, max_tokens);
        EXPECT_EQ(body.at("max_tokens"), max_tokens);
        EXPECT_EQ(body.at("thinking").at("type"), "enabled");
        EXPECT_FALSE(body.contains("output_config"));
        return body.at("thinking").at("budget_tokens").as_int64();
    };
    EXPECT_EQ(budget("high", 4096), 3276);      // 80 %
    EXPECT_EQ(budget("medium", 4096), 2048);    // 50 %
    EXPECT_EQ(budget("low", 10000), 2000);      // 20 %
    EXPECT_EQ(budget("minimal", 4096), 1024);   // 10 % is below Anthropic's floor
    EXPECT_EQ(budget("xhigh", 2000), 1900);     // 95 %, still under max_tokens
    EXPECT_EQ(budget("high", 100000), 32000);   // the ceiling
    EXPECT_EQ(budget("minimal", 1025), 1024);   // the floor stays under max_tokens
}

TEST(AnthropicThinking, AdaptiveModeSendsTheEffortLevel) {
    const auto effort = [](std::string_view level) {
        const auto body = anthropic_body(with_effort(level), AnthropicThinking::adaptive, 1000);
        EXPECT_EQ(body.at("thinking"), json::parse(R"({"type":"adaptive"})"));
        return std::string(body.at("output_config").at("effort").as_string());
    };
    EXPECT_EQ(effort("minimal"), "low");
    EXPECT_EQ(effort("low"), "low");
    EXPECT_EQ(effort("medium"), "medium");
    EXPECT_EQ(effort("high"), "high");
    EXPECT_EQ(effort("xhigh"), "max");
}

TEST(AnthropicThinking, NoneOrNoEffortMeansNoThinking) {
    for (const auto mode : {AnthropicThinking::budget, AnthropicThinking::adaptive}) {
        EXPECT_FALSE(anthropic_body(with_effort("none"), mode).contains("thinking"));
        EXPECT_FALSE(anthropic_body(R"({"model":"c","messages":[{"role":"user","content":"x"}]})", mode).contains("thinking"));
    }
}

TEST(AnthropicThinking, WhatThinkingCannotBeSentWithIsRefusedNamingIt) {
    const auto refused = [](const std::string& body, std::string_view param, AnthropicThinking mode = AnthropicThinking::budget,
                            std::int64_t max_tokens = 4096) {
        auto result = written(body, mode, max_tokens);
        ASSERT_FALSE(result) << body;
        EXPECT_EQ(result.error().code, domain::ErrorCode::invalid_request) << body;
        EXPECT_EQ(result.error().param, param) << body;
    };
    refused(with_effort("extreme"), "reasoning_effort");
    refused(with_effort("high", R"(,"temperature":0.2)"), "temperature");
    refused(with_effort("high", R"(,"top_p":0.5)"), "top_p");
    refused(with_effort("high", R"(,"tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":"required")"), "tool_choice");
    refused(with_effort("high", R"(,"response_format":{"type":"json_object"})"), "response_format");
    refused(with_effort("high", R"(,"max_tokens":1024)"), "max_tokens");
    refused(with_effort("high"), "max_tokens", AnthropicThinking::budget, 1024);
    // Anthropic takes temperature 1 and top_p from 0.95 with thinking.
    const auto allowed = anthropic_body(with_effort("high", R"(,"temperature":1,"top_p":0.95)"), AnthropicThinking::budget);
    EXPECT_EQ(allowed.at("temperature").to_number<double>(), 1.0);
    // Adaptive thinking has no budget to fit under max_tokens.
    EXPECT_TRUE(anthropic_body(with_effort("high", R"(,"max_tokens":200)"), AnthropicThinking::adaptive).contains("thinking"));
}

TEST(AnthropicThinking, AToolLoopSendsTheReasoningBlocksBackFirstAndUnchanged) {
    const auto body = anthropic_body(R"({"model":"c","reasoning_effort":"high","messages":[
        {"role":"user","content":"Weather in Oslo?"},
        {"role":"assistant","content":"Let me check.","thinking_blocks":[
            {"type":"thinking","thinking":"I should look the weather up.","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
            {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"}],
         "tool_calls":[{"id":"toolu_01T","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},
        {"role":"tool","tool_call_id":"toolu_01T","content":"12C"}],
        "tools":[{"type":"function","function":{"name":"get_weather"}}]})",
                                     AnthropicThinking::budget);
    EXPECT_EQ(body.at("thinking").at("budget_tokens"), 3276);
    EXPECT_EQ(body.at("messages").at(1).at("content"), json::parse(R"([
        {"type":"thinking","thinking":"I should look the weather up.","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
        {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"},
        {"type":"text","text":"Let me check."},
        {"type":"tool_use","id":"toolu_01T","name":"get_weather","input":{"city":"Oslo"}}])"));
}

TEST(AnthropicThinking, AToolLoopWhoseBlocksTheClientDroppedContinuesWithoutThinking) {
    // Anthropic refuses thinking on a turn whose tool call lost its blocks;
    // a client that keeps no thinking_blocks still gets its loop answered.
    const auto continued = anthropic_body(R"({"model":"c","reasoning_effort":"high","messages":[
        {"role":"user","content":"Weather in Oslo?"},
        {"role":"assistant","content":null,
         "tool_calls":[{"id":"toolu_01T","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"toolu_01T","content":"12C"}],
        "tools":[{"type":"function","function":{"name":"get_weather"}}]})",
                                          AnthropicThinking::budget);
    EXPECT_FALSE(continued.contains("thinking"));
    // A new user turn after that loop thinks again.
    const auto next_turn = anthropic_body(R"({"model":"c","reasoning_effort":"high","messages":[
        {"role":"user","content":"Weather in Oslo?"},
        {"role":"assistant","content":null,
         "tool_calls":[{"id":"toolu_01T","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"toolu_01T","content":"12C"},
        {"role":"assistant","content":"It is 12C."},
        {"role":"user","content":"And tomorrow?"}],
        "tools":[{"type":"function","function":{"name":"get_weather"}}]})",
                                          AnthropicThinking::budget);
    EXPECT_TRUE(next_turn.contains("thinking"));
}

TEST(AnthropicThinking, BadThinkingBlocksFromTheClientAreA400NamingThem) {
    for (const auto& [blocks, param] : std::vector<std::pair<std::string, std::string>>{
             {R"("x")", "messages[0].thinking_blocks"},
             {R"([{"type":"thought","thinking":"a","signature":"s"}])", "messages[0].thinking_blocks[0].type"},
             {R"([{"type":"thinking","thinking":"a"}])", "messages[0].thinking_blocks[0].signature"},
             {R"([{"type":"redacted_thinking","data":7}])", "messages[0].thinking_blocks[0].data"}}) {
        const auto body = R"({"model":"c","messages":[{"role":"assistant","content":"a","thinking_blocks":)" + blocks + "}]}";
        auto parsed = parse_chat_request(json::parse(body).as_object());
        ASSERT_FALSE(parsed) << body;
        EXPECT_EQ(parsed.error().param, param) << body;
    }
}

TEST(AnthropicThinking, TheModelNameTellsWhichModelsPredateAdaptiveThinking) {
    for (const char* name : {"claude-3-7-sonnet-20250219", "claude-sonnet-4-20250514", "claude-opus-4-0", "claude-opus-4-1",
                             "claude-opus-4-1-20250805", "claude-sonnet-4-5", "claude-haiku-4-5-20251001",
                             "anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4"}) {
        EXPECT_EQ(default_thinking(name), AnthropicThinking::budget) << name;
    }
    for (const char* name : {"claude-opus-4-6", "claude-sonnet-4-6", "claude-opus-4-7", "claude-sonnet-5", "claude-fable-5-1",
                             "my-claude-proxy"}) {
        EXPECT_EQ(default_thinking(name), AnthropicThinking::adaptive) << name;
    }
}

TEST(AnthropicThinking, AnAnswersThinkingReachesTheClientAsReasoningContentAndThinkingBlocks) {
    auto response = parse_anthropic_response(json::parse(anthropic_thinking_message()).as_object());
    ASSERT_TRUE(response);
    const auto& message = response.value().choices.at(0).message;
    ASSERT_EQ(message.reasoning.size(), 2u);
    EXPECT_EQ(message.text(), "Let me check.");
    const auto openai = json::parse(write_chat_response(response.value(), {"chatcmpl-1", 1, "claude"}));
    const auto& written = openai.at("choices").at(0).at("message");
    EXPECT_EQ(written.at("reasoning_content"), "I should look the weather up.");
    EXPECT_EQ(written.at("thinking_blocks"), json::parse(R"([
        {"type":"thinking","thinking":"I should look the weather up.","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
        {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"}])"));
    EXPECT_EQ(written.at("content"), "Let me check.");
    EXPECT_EQ(written.at("tool_calls").at(0).at("id"), "toolu_01T");

    // What the client got back goes back to Anthropic unchanged.
    const auto turn = R"({"model":"c","reasoning_effort":"high","tools":[{"type":"function","function":{"name":"get_weather"}}],
        "messages":[{"role":"user","content":"Weather?"},)" + json::serialize(written) +
                      R"(,{"role":"tool","tool_call_id":"toolu_01T","content":"12C"}]})";
    const auto body = anthropic_body(turn, AnthropicThinking::budget);
    EXPECT_EQ(body.at("messages").at(1).at("content").at(0),
              json::parse(anthropic_thinking_message()).at("content").at(0));
    EXPECT_EQ(body.at("messages").at(1).at("content").at(1),
              json::parse(anthropic_thinking_message()).at("content").at(1));
}

TEST(AnthropicThinking, AStreamedThinkingBlockStreamsAsReasoningThenWholeWithItsSignature) {
    AnthropicStreamTranslator translator;
    const auto chunks = translate_events(anthropic_thinking_stream(), [&](const SseEvent& event) {
        return translator.on_event(event.event, json::parse(event.data).as_object());
    });
    std::string reasoning, content;
    std::vector<domain::ReasoningBlock> blocks;
    bool progressed_before_text = false;
    for (const auto& chunk : chunks) {
        if (chunk.reasoning) reasoning += *chunk.reasoning;
        if (chunk.content) content += *chunk.content;
        if (content.empty() && domain::carries_content(chunk)) progressed_before_text = true;
        blocks.insert(blocks.end(), chunk.reasoning_blocks.begin(), chunk.reasoning_blocks.end());
    }
    EXPECT_EQ(reasoning, "1071 = 462 * 2 + 147, so the GCD is 21.");
    EXPECT_EQ(content, "The GCD is 21.");
    ASSERT_EQ(blocks.size(), 2u);
    EXPECT_EQ(blocks[0].text, reasoning);
    EXPECT_EQ(blocks[0].signature, "EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
    EXPECT_EQ(blocks[1].redacted, "EmwKAhgBEgy3va3pzix/LafPsn4a");
    EXPECT_TRUE(progressed_before_text) << "thinking is progress: it must not trip the first-content timeout";
    EXPECT_TRUE(translator.finished());

    // On the wire: delta.reasoning_content, then delta.thinking_blocks.
    for (const auto& chunk : chunks) {
        const auto delta = json::parse(write_chunk({"chatcmpl-1", 1, "claude"}, chunk, false)).at("choices").at(0).at("delta");
        if (chunk.reasoning) EXPECT_EQ(std::string(delta.at("reasoning_content").as_string()), *chunk.reasoning);
        if (!chunk.reasoning_blocks.empty()) EXPECT_EQ(delta.at("thinking_blocks").as_array().size(), 1u);
    }
}

}  // namespace
}  // namespace llmgw::adapters
