#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/outbound/gemini/gemini_request.hpp"
#include "adapters/outbound/gemini/gemini_response.hpp"
#include "gemini_wire.hpp"
#include "stream_translation.hpp"

namespace llmgw::adapters {
namespace {
namespace json = boost::json;
using namespace llmgw::testing;

domain::Result<std::string> translate(std::string_view openai_body) {
    return write_gemini_request(parse_chat_request(json::parse(openai_body).as_object()).value());
}

json::value gemini_body(std::string_view openai_body) {
    auto written = translate(openai_body);
    EXPECT_TRUE(written) << (written ? "" : written.error().message);
    return written ? json::parse(written.value()) : json::value();
}

TEST(GeminiRequest, MapsRolesSystemInstructionAndTheFunctionRoundTrip) {
    const auto body = gemini_body(R"({"model":"g","messages":[
        {"role":"system","content":"Be brief."},
        {"role":"user","content":"Weather in Oslo?"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},
        {"role":"tool","tool_call_id":"call_1","content":"{\"temp_c\":12}"},
        {"role":"user","content":"And in words?"}]})");
    EXPECT_EQ(body.at("systemInstruction"), json::parse(R"({"parts":[{"text":"Be brief."}]})"));
    EXPECT_EQ(body.at("contents"), json::parse(R"([
        {"role":"user","parts":[{"text":"Weather in Oslo?"}]},
        {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"city":"Oslo"}}}]},
        {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"temp_c":12}}},{"text":"And in words?"}]}])"));
}

TEST(GeminiRequest, MapsReasoningEffortToAThinkingBudget) {
    for (const auto& [effort, budget] : std::vector<std::pair<std::string, int>>{
             {"none", 0}, {"minimal", 0}, {"low", 1024}, {"medium", 8192}, {"high", 24576}}) {
        const auto body = gemini_body(R"({"model":"g","messages":[{"role":"user","content":"x"}],"reasoning_effort":")" +
                                      effort + "\"}");
        EXPECT_EQ(body.at("generationConfig").at("thinkingConfig").at("thinkingBudget"), budget) << effort;
    }
}

TEST(GeminiRequest, WrapsAToolResultThatIsNotAnObject) {
    const auto body = gemini_body(R"({"model":"g","messages":[
        {"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"now","arguments":""}}]},
        {"role":"tool","tool_call_id":"c","content":"14:00"}]})");
    EXPECT_EQ(body.at("contents").at(0).at("parts").at(0), json::parse(R"({"functionCall":{"name":"now","args":{}}})"));
    EXPECT_EQ(body.at("contents").at(1).at("parts").at(0),
              json::parse(R"({"functionResponse":{"name":"now","response":{"result":"14:00"}}})"));
}

TEST(GeminiRequest, FillsGenerationConfigToolsAndToolConfig) {
    const auto body = gemini_body(R"({"model":"g","messages":[{"role":"user","content":"hi"}],
        "temperature":0.3,"top_p":0.8,"max_tokens":100,"stop":"END","seed":5,
        "response_format":{"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object","properties":{"t":{"type":"number"}}}}},
        "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object"}}}],
        "tool_choice":{"type":"function","function":{"name":"get_weather"}}})");
    EXPECT_EQ(body.at("generationConfig"), json::parse(R"({"temperature":0.3,"topP":0.8,"maxOutputTokens":100,
        "stopSequences":["END"],"seed":5,"responseMimeType":"application/json",
        "responseJsonSchema":{"type":"object","properties":{"t":{"type":"number"}}}})"));
    EXPECT_EQ(body.at("tools"), json::parse(R"([{"functionDeclarations":[{"name":"get_weather","description":"Weather","parametersJsonSchema":{"type":"object"}}]}])"));
    EXPECT_EQ(body.at("toolConfig"), json::parse(R"({"functionCallingConfig":{"mode":"ANY","allowedFunctionNames":["get_weather"]}})"));
    EXPECT_EQ(gemini_body(R"({"model":"g","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_object"}})")
                  .at("generationConfig"),
              json::parse(R"({"responseMimeType":"application/json"})"));
}

TEST(GeminiRequest, SendsImagesInlineOrByUri) {
    const auto body = gemini_body(R"({"model":"g","messages":[{"role":"user","content":[
        {"type":"text","text":"What is this?"},
        {"type":"image_url","image_url":{"url":"data:image/webp;base64,UklGRg=="}},
        {"type":"image_url","image_url":{"url":"https://example.com/a.png"}}]}]})");
    EXPECT_EQ(body.at("contents").at(0).at("parts"), json::parse(R"([{"text":"What is this?"},
        {"inlineData":{"mimeType":"image/webp","data":"UklGRg=="}},
        {"fileData":{"mimeType":"image/png","fileUri":"https://example.com/a.png"}}])"));
}

TEST(GeminiRequest, RefusesAToolResultWithoutItsCall) {
    auto written = translate(R"({"model":"g","messages":[{"role":"tool","tool_call_id":"nope","content":"x"}]})");
    ASSERT_FALSE(written);
    EXPECT_EQ(written.error().param, "messages[0].tool_call_id");
}

TEST(GeminiResponse, MapsAFunctionCallThatEndsWithStopToToolCalls) {
    auto response = parse_gemini_response(json::parse(gemini_function_call_response()).as_object());
    ASSERT_TRUE(response);
    const auto& choice = response.value().choices.at(0);
    EXPECT_EQ(choice.finish_reason, domain::FinishReason::tool_calls);
    EXPECT_EQ(choice.message.text(), "Checking.");
    ASSERT_EQ(choice.message.tool_calls.size(), 1u);
    EXPECT_TRUE(choice.message.tool_calls[0].id.starts_with("call_"));
    EXPECT_EQ(json::parse(choice.message.tool_calls[0].arguments), json::parse(R"({"city":"Oslo"})"));
    EXPECT_EQ(response.value().usage, (domain::Usage{.prompt_tokens = 40, .completion_tokens = 20,
                                                     .cached_prompt_tokens = 8, .reasoning_tokens = 8}));
}

TEST(GeminiResponse, MapsFinishReasonsAndBlockedPrompts) {
    EXPECT_EQ(gemini_finish_reason("STOP", false), domain::FinishReason::stop);
    EXPECT_EQ(gemini_finish_reason("MAX_TOKENS", false), domain::FinishReason::length);
    EXPECT_EQ(gemini_finish_reason("SAFETY", false), domain::FinishReason::content_filter);
    EXPECT_EQ(gemini_finish_reason("RECITATION", false), domain::FinishReason::content_filter);
    auto blocked = parse_gemini_response(json::parse(R"({"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":5}})").as_object());
    ASSERT_TRUE(blocked);
    EXPECT_EQ(blocked.value().choices.at(0).finish_reason, domain::FinishReason::content_filter);
}

std::vector<domain::StreamChunk> translate_stream(const std::vector<std::string>& pieces,
                                                  GeminiStreamTranslator& translator) {
    return translate_events(pieces, [&](const SseEvent& event) {
        return translator.on_chunk(json::parse(event.data).as_object());
    });
}

TEST(GeminiStream, StreamsTextAndTakesTheLastCumulativeUsage) {
    GeminiStreamTranslator translator;
    const auto chunks = translate_stream(gemini_text_stream(), translator);
    ASSERT_EQ(chunks.size(), 4u);
    EXPECT_EQ(chunks[0].role, domain::Role::assistant);
    EXPECT_EQ(*chunks[1].content + *chunks[2].content, "Oslo is cold today.");
    EXPECT_EQ(chunks[3].finish_reason, domain::FinishReason::stop);
    EXPECT_TRUE(translator.finished());
    EXPECT_EQ(translator.summary().usage, (domain::Usage{.prompt_tokens = 9, .completion_tokens = 21, .reasoning_tokens = 16}));
}

TEST(GeminiStream, TurnsWholeFunctionCallsIntoIndexedToolCallDeltas) {
    GeminiStreamTranslator translator;
    const auto chunks = translate_stream(gemini_function_call_stream(), translator);
    ASSERT_EQ(chunks.size(), 4u);
    EXPECT_EQ(chunks[1].tool_calls.at(0).index, 0);
    EXPECT_EQ(chunks[1].tool_calls.at(0).name, "get_weather");
    EXPECT_FALSE(chunks[1].tool_calls.at(0).id.empty());
    EXPECT_EQ(json::parse(chunks[1].tool_calls.at(0).arguments), json::parse(R"({"city":"Oslo"})"));
    EXPECT_EQ(chunks[2].tool_calls.at(0).index, 1);
    EXPECT_NE(chunks[2].tool_calls.at(0).id, chunks[1].tool_calls.at(0).id);
    EXPECT_EQ(chunks[3].finish_reason, domain::FinishReason::tool_calls);
}

}  // namespace
}  // namespace llmgw::adapters
