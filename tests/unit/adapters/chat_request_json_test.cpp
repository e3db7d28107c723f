#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/openai_format/chat_request_json.hpp"

namespace llmgw::adapters {
namespace {

domain::Result<domain::ChatRequest> parse(std::string_view text) {
    return parse_chat_request(boost::json::parse(text).as_object());
}

TEST(ParseChatRequest, ReadsTheFieldsTheGatewayInterprets) {
    auto parsed = parse(R"({
        "model": "gpt-4.1-mini",
        "messages": [
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": [
                {"type": "text", "text": "what is this?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA", "detail": "low"}}]},
            {"role": "assistant", "content": null, "tool_calls": [
                {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": "{\"q\":1}"}}]},
            {"role": "tool", "tool_call_id": "call_1", "content": "42"}],
        "temperature": 0.2, "top_p": 1, "max_completion_tokens": 50, "stop": "END",
        "tools": [{"type": "function", "function": {"name": "lookup", "description": "find", "parameters": {"type": "object"}}}],
        "tool_choice": {"type": "function", "function": {"name": "lookup"}},
        "stream": true, "stream_options": {"include_usage": true}})");
    ASSERT_TRUE(parsed) << parsed.error().message;
    const auto& request = parsed.value();
    EXPECT_EQ(request.model, "gpt-4.1-mini");
    ASSERT_EQ(request.messages.size(), 4u);
    EXPECT_EQ(request.messages[0].role, domain::Role::system);
    ASSERT_EQ(request.messages[1].content.size(), 2u);
    EXPECT_FALSE(request.messages[1].content_is_string);
    EXPECT_EQ(request.messages[1].content[1].kind, domain::ContentPart::Kind::image_url);
    EXPECT_EQ(request.messages[1].content[1].image_detail, "low");
    EXPECT_TRUE(request.messages[2].content_is_null);
    ASSERT_EQ(request.messages[2].tool_calls.size(), 1u);
    EXPECT_EQ(request.messages[2].tool_calls[0].arguments, "{\"q\":1}");
    EXPECT_EQ(request.messages[3].tool_call_id, "call_1");
    EXPECT_DOUBLE_EQ(*request.temperature, 0.2);
    EXPECT_EQ(request.max_tokens->value, 50);
    EXPECT_TRUE(request.max_tokens->from_max_completion_tokens);
    EXPECT_EQ(request.stop, std::vector<std::string>{"END"});
    ASSERT_EQ(request.tools.size(), 1u);
    EXPECT_EQ(request.tools[0].parameters, R"({"type":"object"})");
    EXPECT_EQ(request.tool_choice->mode, domain::ToolChoice::Mode::named);
    EXPECT_TRUE(request.stream);
    EXPECT_TRUE(request.include_usage);
    EXPECT_TRUE(request.extra.empty());
}

TEST(ParseChatRequest, KeepsUninterpretedFieldsVerbatimAndInOrder) {
    auto parsed = parse(R"({"model":"m","messages":[{"role":"user","content":"x","cache_hint":true}],
        "response_format":{"type":"json_object"},"seed":7,"user":"u-1","logprobs":true,"n":2,
        "metadata":{"k":"v"}})");
    ASSERT_TRUE(parsed);
    const domain::RawJsonFields expected = {{"response_format", R"({"type":"json_object"})"}, {"seed", "7"},
                                            {"user", "\"u-1\""}, {"logprobs", "true"},
                                            {"metadata", R"({"k":"v"})"}};
    EXPECT_EQ(parsed.value().extra, expected);
    EXPECT_EQ(parsed.value().n, 2);
    EXPECT_EQ(parsed.value().messages[0].extra, (domain::RawJsonFields{{"cache_hint", "true"}}));
}

struct BadRequest {
    const char* body;
    const char* param;
    const char* message_part;
};

class ParseChatRequestRejects : public ::testing::TestWithParam<BadRequest> {};

TEST_P(ParseChatRequestRejects, WithAnInvalidRequestNamingTheParameter) {
    auto parsed = parse(GetParam().body);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, domain::ErrorCode::invalid_request);
    EXPECT_EQ(parsed.error().param, GetParam().param);
    EXPECT_NE(parsed.error().message.find(GetParam().message_part), std::string::npos) << parsed.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    BadBodies, ParseChatRequestRejects,
    ::testing::Values(
        BadRequest{R"({"messages":[{"role":"user","content":"x"}]})", "model", "Missing required parameter"},
        BadRequest{R"({"model":5,"messages":[]})", "model", "expected a string, but got an integer"},
        BadRequest{R"({"model":"m"})", "messages", "Missing required parameter"},
        BadRequest{R"({"model":"m","messages":[]})", "messages", "at least 1"},
        BadRequest{R"({"model":"m","messages":"hi"})", "messages", "expected an array"},
        BadRequest{R"({"model":"m","messages":[{"content":"x"}]})", "messages[0].role", "Missing"},
        BadRequest{R"({"model":"m","messages":[{"role":"wizard","content":"x"}]})", "messages[0].role", "wizard"},
        BadRequest{R"({"model":"m","messages":[{"role":"user"}]})", "messages[0].content", "Missing"},
        BadRequest{R"({"model":"m","messages":[{"role":"user","content":7}]})", "messages[0].content", "integer"},
        BadRequest{R"({"model":"m","messages":[{"role":"tool","content":"x"}]})", "messages[0].tool_call_id", "Missing"},
        BadRequest{R"({"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"})", "temperature", "number"},
        BadRequest{R"({"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":0})", "max_tokens", ">= 1"},
        BadRequest{R"({"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":9223372036854775808})", "max_tokens", "maximum value"},
        BadRequest{R"({"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":18446744073709551615})", "max_completion_tokens", "maximum value"},
        BadRequest{R"({"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":1.5})", "max_tokens", "integer"},
        BadRequest{R"({"model":"m","messages":[{"role":"user","content":"x"}],"n":0})", "n", ">= 1"},
        BadRequest{R"({"model":"m","messages":[{"role":"user","content":"x"}],"n":"2"})", "n", "integer"},
        BadRequest{R"({"model":"m","messages":[{"role":"user","content":"x"}],"stream":"yes"})", "stream", "boolean"},
        BadRequest{R"({"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function"}]})",
                   "tools[0].function", "Missing"}),
    [](const ::testing::TestParamInfo<BadRequest>& case_info) {
        std::string name = std::to_string(case_info.index) + "_";
        for (char c : std::string(case_info.param.param)) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        return name;
    });

TEST(WriteChatRequest, NamesTheUpstreamModelAndSplicesPassThroughFieldsBack) {
    auto parsed = parse(R"({"model":"alias","messages":[{"role":"user","content":"hi"}],
        "max_tokens":5,"seed":7,"response_format":{"type":"json_object"}})");
    ASSERT_TRUE(parsed);
    const auto body = write_chat_request(parsed.value(), "gpt-4.1-mini", false);
    EXPECT_EQ(body,
              R"({"model":"gpt-4.1-mini","messages":[{"role":"user","content":"hi"}],"max_tokens":5,)"
              R"("seed":7,"response_format":{"type":"json_object"}})");
}

TEST(WriteChatRequest, AToolResultsImagesFollowTheTurnsResultsInAUserMessage) {
    domain::ChatRequest request;
    request.messages.push_back({.role = domain::Role::assistant, .content_is_null = true,
                                .tool_calls = {{"c1", "shot", "{}"}, {"c2", "read", "{}"}}});
    const domain::ContentPart image{.kind = domain::ContentPart::Kind::image_url, .image_url = "data:image/png;base64,AA"};
    request.messages.push_back({.role = domain::Role::tool, .content = {image}, .content_is_string = false, .tool_call_id = "c1"});
    request.messages.push_back({.role = domain::Role::tool, .content = {domain::ContentPart::make_text("text")}, .tool_call_id = "c2"});
    request.messages.push_back({.role = domain::Role::user, .content = {domain::ContentPart::make_text("next")}});
    const auto body = boost::json::parse(write_chat_request(request, "m", false));
    EXPECT_EQ(body.at("messages"), boost::json::parse(R"j([
        {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"shot","arguments":"{}"}},
                                                          {"id":"c2","type":"function","function":{"name":"read","arguments":"{}"}}]},
        {"role":"tool","content":[{"type":"text","text":"(The result is the image below.)"}],"tool_call_id":"c1"},
        {"role":"tool","content":"text","tool_call_id":"c2"},
        {"role":"user","content":[{"type":"text","text":"The images of the result of tool call c1:"},
                                  {"type":"image_url","image_url":{"url":"data:image/png;base64,AA"}}]},
        {"role":"user","content":"next"}])j"));
}

TEST(WriteChatRequest, AlwaysAsksAStreamForUsage) {
    auto parsed = parse(R"({"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true})");
    ASSERT_TRUE(parsed);
    const auto body = boost::json::parse(write_chat_request(parsed.value(), "m", true));
    EXPECT_EQ(body.at("stream"), true);
    EXPECT_EQ(body.at("stream_options").at("include_usage"), true);
}

TEST(WriteChatRequest, RoundTripsToolTurnsAndPartsFaithfully) {
    const auto original = boost::json::parse(R"({"model":"m","messages":[
        {"role":"user","content":[{"type":"text","text":"see"},{"type":"image_url","image_url":{"url":"https://x/y.png"}},
                                   {"type":"input_audio","input_audio":{"data":"AAA","format":"wav"}}]},
        {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
        {"role":"tool","content":"ok","tool_call_id":"c1"}],
        "tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"},"strict":true}}],
        "tool_choice":"required"})");
    auto parsed = parse_chat_request(original.as_object());
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(boost::json::parse(write_chat_request(parsed.value(), "m", false)), original);
}

}  // namespace
}  // namespace llmgw::adapters
