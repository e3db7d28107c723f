#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/outbound/anthropic/anthropic_request.hpp"
#include "adapters/outbound/anthropic/anthropic_response.hpp"
#include "adapters/outbound/anthropic/anthropic_stream.hpp"
#include "anthropic_wire.hpp"
#include "stream_translation.hpp"

namespace llmgw::adapters {
namespace {
namespace json = boost::json;
using namespace llmgw::testing;

domain::ChatRequest openai_request(std::string_view body) {
    return parse_chat_request(json::parse(body).as_object()).value();
}

json::value anthropic_body(std::string_view openai_body, bool stream = false) {
    auto written = write_anthropic_request(openai_request(openai_body), "claude-sonnet-4-5", {4096, AnthropicThinking::budget}, stream);
    EXPECT_TRUE(written) << (written ? "" : written.error().message);
    return written ? json::parse(written.value()) : json::value();
}

TEST(AnthropicRequest, LiftsSystemMessagesAndMergesTurnsOfOneRole) {
    const auto body = anthropic_body(R"({"model":"c","messages":[
        {"role":"system","content":"Be brief."},
        {"role":"user","content":"What is the weather in Oslo and the time in Paris?"},
        {"role":"assistant","content":"Checking.","tool_calls":[
            {"id":"toolu_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}},
            {"id":"toolu_2","type":"function","function":{"name":"get_time","arguments":"{\"tz\":\"CET\"}"}}]},
        {"role":"tool","tool_call_id":"toolu_1","content":"12C"},
        {"role":"tool","tool_call_id":"toolu_2","content":"14:00"},
        {"role":"user","content":"Thanks"},
        {"role":"developer","content":"Answer in English."}]})");
    EXPECT_EQ(body.at("model"), "claude-sonnet-4-5");
    EXPECT_EQ(body.at("max_tokens"), 4096);
    EXPECT_EQ(body.at("system"), json::parse(R"([{"type":"text","text":"Be brief."},{"type":"text","text":"Answer in English."}])"));
    EXPECT_EQ(body.at("messages"), json::parse(R"([
        {"role":"user","content":[{"type":"text","text":"What is the weather in Oslo and the time in Paris?"}]},
        {"role":"assistant","content":[{"type":"text","text":"Checking."},
            {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Oslo"}},
            {"type":"tool_use","id":"toolu_2","name":"get_time","input":{"tz":"CET"}}]},
        {"role":"user","content":[
            {"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"12C"}]},
            {"type":"tool_result","tool_use_id":"toolu_2","content":[{"type":"text","text":"14:00"}]},
            {"type":"text","text":"Thanks"}]}])"));
    EXPECT_FALSE(body.as_object().contains("stream"));
}

TEST(AnthropicRequest, MapsSamplingToolsAndChoices) {
    const auto body = anthropic_body(R"({"model":"c","messages":[{"role":"user","content":"hi"}],
        "max_tokens":300,"temperature":0.5,"top_p":0.9,"stop":["END","STOP"],"user":"u-42","parallel_tool_calls":false,
        "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather now",
                  "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}},
                 {"type":"function","function":{"name":"ping"}}],
        "tool_choice":"required"})", true);
    EXPECT_EQ(body.at("max_tokens"), 300);
    EXPECT_EQ(body.at("temperature"), 0.5);
    EXPECT_EQ(body.at("stop_sequences"), json::parse(R"(["END","STOP"])"));
    EXPECT_EQ(body.at("tools"), json::parse(R"([
        {"name":"get_weather","description":"Weather now","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}},
        {"name":"ping","input_schema":{"type":"object"}}])"));
    EXPECT_EQ(body.at("tool_choice"), json::parse(R"({"type":"any","disable_parallel_tool_use":true})"));
    EXPECT_EQ(body.at("metadata"), json::parse(R"({"user_id":"u-42"})"));
    EXPECT_EQ(body.at("stream"), true);
}

TEST(AnthropicRequest, MapsEveryToolChoice) {
    const auto choice = [](std::string_view tool_choice) {
        return anthropic_body(std::string(R"({"model":"c","messages":[{"role":"user","content":"hi"}],
            "tools":[{"type":"function","function":{"name":"f"}}],"tool_choice":)") + std::string(tool_choice) + "}")
            .at("tool_choice");
    };
    EXPECT_EQ(choice(R"("auto")"), json::parse(R"({"type":"auto"})"));
    EXPECT_EQ(choice(R"("none")"), json::parse(R"({"type":"none"})"));
    EXPECT_EQ(choice(R"("required")"), json::parse(R"({"type":"any"})"));
    EXPECT_EQ(choice(R"({"type":"function","function":{"name":"f"}})"), json::parse(R"({"type":"tool","name":"f"})"));
}

TEST(AnthropicRequest, TranslatesImagesAndKeepsCacheControl) {
    const auto body = anthropic_body(R"({"model":"c","messages":[{"role":"user","content":[
        {"type":"text","text":"Compare","cache_control":{"type":"ephemeral"}},
        {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}},
        {"type":"image_url","image_url":{"url":"https://example.com/cat.jpg","detail":"high"}}]}]})");
    EXPECT_EQ(body.at("messages").at(0).at("content"), json::parse(R"([
        {"type":"text","text":"Compare","cache_control":{"type":"ephemeral"}},
        {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
        {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}}])"));
}

TEST(AnthropicRequest, RefusesWhatAnthropicCannotExpress) {
    const auto fails = [](std::string_view body, std::string_view param) {
        auto written = write_anthropic_request(openai_request(body), "c", {10, AnthropicThinking::budget}, false);
        ASSERT_FALSE(written);
        EXPECT_EQ(written.error().code, domain::ErrorCode::invalid_request);
        EXPECT_EQ(written.error().param, param);
    };
    fails(R"({"model":"c","n":2,"messages":[{"role":"user","content":"x"}]})", "n");
    fails(R"({"model":"c","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{"data":"AA","format":"wav"}}]}]})",
          "messages[0].content[0]");
    fails(R"({"model":"c","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"not json"}}]}]})",
          "messages[0].tool_calls[0].function.arguments");
    fails(R"({"model":"c","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/png,raw"}}]}]})",
          "messages[0].content[0]");
}

TEST(AnthropicResponse, MapsTextToolUseStopReasonAndCacheUsage) {
    auto response = parse_anthropic_response(json::parse(anthropic_tool_message()).as_object());
    ASSERT_TRUE(response);
    const auto& choice = response.value().choices.at(0);
    EXPECT_EQ(choice.message.text(), "I'll check the weather.");
    ASSERT_EQ(choice.message.tool_calls.size(), 1u);
    EXPECT_EQ(choice.message.tool_calls[0].id, "toolu_01A09q90qw90lq917835lq9");
    EXPECT_EQ(json::parse(choice.message.tool_calls[0].arguments), json::parse(R"({"city":"Oslo"})"));
    EXPECT_EQ(choice.finish_reason, domain::FinishReason::tool_calls);
    // input 300 + cache write 50 + cache read 150: each counted once.
    EXPECT_EQ(response.value().usage, (domain::Usage{.prompt_tokens = 500, .completion_tokens = 40,
                                                     .cached_prompt_tokens = 150, .cache_write_prompt_tokens = 50}));
}

TEST(AnthropicResponse, MapsEveryStopReason) {
    EXPECT_EQ(anthropic_finish_reason("end_turn"), domain::FinishReason::stop);
    EXPECT_EQ(anthropic_finish_reason("stop_sequence"), domain::FinishReason::stop);
    EXPECT_EQ(anthropic_finish_reason("max_tokens"), domain::FinishReason::length);
    EXPECT_EQ(anthropic_finish_reason("tool_use"), domain::FinishReason::tool_calls);
    EXPECT_EQ(anthropic_finish_reason("refusal"), domain::FinishReason::content_filter);
    EXPECT_FALSE(anthropic_finish_reason(nullptr).has_value());
}

std::vector<domain::StreamChunk> translate(const std::vector<std::string>& pieces, AnthropicStreamTranslator& translator) {
    return translate_events(pieces, [&](const SseEvent& event) {
        return translator.on_event(event.event, json::parse(event.data).as_object());
    });
}

TEST(AnthropicStream, GivesEachToolCallItsOwnIndexIdAndName) {
    AnthropicStreamTranslator translator;
    const auto chunks = translate(anthropic_tool_stream(), translator);

    ASSERT_EQ(chunks.size(), 9u);
    EXPECT_EQ(chunks[0].role, domain::Role::assistant);
    EXPECT_EQ(*chunks[1].content + *chunks[2].content, "Let me check both.");
    // First tool call: opened with id and name, then its arguments (the empty
    // first input_json_delta produces nothing).
    EXPECT_EQ(chunks[3].tool_calls.at(0).index, 0);
    EXPECT_EQ(chunks[3].tool_calls.at(0).id, "toolu_01A09q90qw90lq917835lq9");
    EXPECT_EQ(chunks[3].tool_calls.at(0).name, "get_weather");
    EXPECT_EQ(chunks[4].tool_calls.at(0).index, 0);
    EXPECT_EQ(chunks[4].tool_calls.at(0).arguments + chunks[5].tool_calls.at(0).arguments, R"({"city": "Oslo"})");
    EXPECT_TRUE(chunks[4].tool_calls.at(0).id.empty());
    // The second call is index 1 although it is content block 2.
    EXPECT_EQ(chunks[6].tool_calls.at(0).index, 1);
    EXPECT_EQ(chunks[6].tool_calls.at(0).name, "get_time");
    EXPECT_EQ(chunks[7].tool_calls.at(0).index, 1);
    EXPECT_EQ(chunks[7].tool_calls.at(0).arguments, R"({"tz": "CET"})");
    EXPECT_EQ(chunks[8].finish_reason, domain::FinishReason::tool_calls);

    EXPECT_TRUE(translator.finished());
    EXPECT_EQ(translator.summary().id, "msg_01XFDUDYJgAACzvnptvVoYEL");
    // Output usage is the cumulative count of message_delta, not 1 + 89.
    EXPECT_EQ(translator.summary().usage, (domain::Usage{.prompt_tokens = 572, .completion_tokens = 89,
                                                         .cached_prompt_tokens = 100}));
}

TEST(AnthropicStream, AnErrorEventEndsTheStreamWithAnError) {
    AnthropicStreamTranslator translator;
    auto overloaded = translator.on_event(
        "error", json::parse(R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})").as_object());
    ASSERT_FALSE(overloaded);
    EXPECT_EQ(overloaded.error().code, domain::ErrorCode::upstream_unavailable);
    EXPECT_NE(overloaded.error().message.find("Overloaded"), std::string::npos);
    EXPECT_TRUE(overloaded.error().transient) << "worth a retry";
}

TEST(AnthropicStream, OnlyOverloadRateLimitAndServerErrorEventsAreTransient) {
    auto event = [](const char* type) {
        AnthropicStreamTranslator translator;
        const auto data = std::string(R"({"type":"error","error":{"type":")") + type + R"(","message":"m"}})";
        return translator.on_event("error", json::parse(data).as_object()).error();
    };
    EXPECT_TRUE(event("rate_limit_error").transient);
    EXPECT_TRUE(event("api_error").transient);
    EXPECT_FALSE(event("invalid_request_error").transient);
    EXPECT_FALSE(event("authentication_error").transient);
}

}  // namespace
}  // namespace llmgw::adapters

namespace llmgw::adapters {
namespace {

TEST(AnthropicJsonAnswer, AResponseFormatBecomesOneForcedTool) {
    const auto body = anthropic_body(R"({"model":"c","messages":[{"role":"user","content":"x"}],
        "response_format":{"type":"json_schema","json_schema":{"name":"w","strict":true,
            "schema":{"type":"object","properties":{"t":{"type":"number"}},"required":["t"],"additionalProperties":false}}}})");
    EXPECT_EQ(body.at("tools"), json::parse(R"([{"name":"json_answer",
        "description":"Give the answer as this tool's input, a JSON value matching its schema.",
        "input_schema":{"type":"object","properties":{"t":{"type":"number"}},"required":["t"],"additionalProperties":false}}])"));
    EXPECT_EQ(body.at("tool_choice"), json::parse(R"({"type":"tool","name":"json_answer"})"));

    const auto object = anthropic_body(R"({"model":"c","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}})");
    EXPECT_EQ(object.at("tools").at(0).at("input_schema"), json::parse(R"({"type":"object"})"));
    const auto text = anthropic_body(R"({"model":"c","messages":[{"role":"user","content":"x"}],"response_format":{"type":"text"}})");
    EXPECT_FALSE(text.as_object().contains("tools"));
}

TEST(AnthropicJsonAnswer, WhatCannotBeHonouredIsRefusedNotDropped) {
    for (const char* body : {
             R"({"model":"c","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"},
                 "tools":[{"type":"function","function":{"name":"f"}}]})",
             R"({"model":"c","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"a","schema":{"type":"array"}}}})",
             R"({"model":"c","messages":[{"role":"user","content":"x"}],"response_format":{"type":"xml"}})"}) {
        auto written = write_anthropic_request(openai_request(body), "c", {10, AnthropicThinking::budget}, false);
        ASSERT_FALSE(written) << body;
        EXPECT_EQ(written.error().param, "response_format");
    }
}

TEST(AnthropicJsonAnswer, TheToolInputIsTheAnswersContent) {
    const auto message = json::parse(R"({"id":"msg_1","type":"message","role":"assistant","model":"claude-sonnet-4-5",
        "content":[{"type":"tool_use","id":"toolu_1","name":"json_answer","input":{"t":12.5}}],
        "stop_reason":"tool_use","usage":{"input_tokens":10,"output_tokens":5}})");
    auto parsed = parse_anthropic_response(message.as_object(), true);
    ASSERT_TRUE(parsed);
    const auto& choice = parsed.value().choices.at(0);
    EXPECT_EQ(choice.message.text(), R"({"t":12.5})");  // as the model wrote it, not 1.25E1
    EXPECT_TRUE(choice.message.tool_calls.empty());
    EXPECT_EQ(choice.finish_reason, domain::FinishReason::stop);
}

TEST(AnthropicJsonAnswer, AStreamedToolInputStreamsAsContent) {
    AnthropicStreamTranslator translator(true);
    const auto chunks = translate(
        {anthropic_event("message_start", R"({"type":"message_start","message":{"id":"msg_1","usage":{"input_tokens":10,"output_tokens":1}}})"),
         anthropic_event("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"json_answer","input":{}}})"),
         anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":""}})"),
         anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"t\": "}})"),
         anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"12.5}"}})"),
         anthropic_event("content_block_stop", R"({"type":"content_block_stop","index":0})"),
         anthropic_event("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":7}})"),
         anthropic_event("message_stop", R"({"type":"message_stop"})")},
        translator);
    std::string content;
    for (const auto& chunk : chunks) {
        EXPECT_TRUE(chunk.tool_calls.empty());
        if (chunk.content) content += *chunk.content;
    }
    EXPECT_EQ(content, R"({"t": 12.5})");
    EXPECT_EQ(chunks.back().finish_reason, domain::FinishReason::stop);
    EXPECT_TRUE(translator.finished());
}

}  // namespace
}  // namespace llmgw::adapters
