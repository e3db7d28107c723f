#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/inbound/http/captured_content.hpp"

namespace llmgw::adapters {
namespace {
namespace json = boost::json;

domain::StreamChunk text_chunk(std::string text) {
    domain::StreamChunk chunk;
    chunk.content = std::move(text);
    return chunk;
}

TEST(CapturedContent, AStreamedAnswerIsKeptAsTheClientGotIt) {
    domain::CapturedContent content;
    observability::SecretScrubber scrubber;
    capture_chunk(content, text_chunk("Let me "));
    capture_chunk(content, text_chunk("check."));
    domain::StreamChunk call;
    call.tool_calls.push_back({0, "call_1", "get_weather", "{\"city\":"});
    capture_chunk(content, call);
    domain::StreamChunk more;
    more.tool_calls.push_back({0, "", "", "\"Oslo\"}"});
    more.finish_reason = domain::FinishReason::tool_calls;
    capture_chunk(content, more);

    EXPECT_TRUE(content.answered);
    const auto output = json::parse(output_messages_json(content, 1000, scrubber).text);
    EXPECT_EQ(output, json::parse(R"([{"role":"assistant","parts":[
        {"type":"text","content":"Let me check."},
        {"type":"tool_call","id":"call_1","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}],
        "finish_reason":"tool_calls"}])"));
}

TEST(CapturedContent, InputNamesRolesToolResultsAndIsCutAtACharacterBoundary) {
    domain::CapturedContent content;
    content.input.push_back({.role = domain::Role::system, .content = {domain::ContentPart::make_text("Be brief.")}});
    domain::Message result{.role = domain::Role::tool, .content = {domain::ContentPart::make_text("12C")}};
    result.tool_call_id = "call_1";
    content.input.push_back(result);
    content.input.push_back({.role = domain::Role::user, .content = {domain::ContentPart::make_text("Blåbær")}});
    observability::SecretScrubber scrubber;

    const auto whole = input_messages_json(content, 1000, scrubber);
    EXPECT_FALSE(whole.truncated);
    EXPECT_EQ(json::parse(whole.text), json::parse(R"([
        {"role":"system","parts":[{"type":"text","content":"Be brief."}]},
        {"role":"tool","parts":[{"type":"tool_call_response","id":"call_1","response":"12C"}]},
        {"role":"user","parts":[{"type":"text","content":"Blåbær"}]}])"));

    // 9 + 3 + 3 bytes: "Bl" and then half of "å" would be 16; the cut keeps whole characters.
    const auto cut = input_messages_json(content, 15, scrubber);
    EXPECT_TRUE(cut.truncated);
    EXPECT_EQ(json::parse(cut.text).at(2).at("parts").at(0).at("content"), "Bl");
    EXPECT_TRUE(input_messages_json(content, 12, scrubber).truncated) << "the user message left out entirely";
}

}  // namespace
}  // namespace llmgw::adapters
