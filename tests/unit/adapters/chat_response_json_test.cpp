#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/openai_format/chat_response_json.hpp"
#include "adapters/openai_format/stream_chunk_json.hpp"

namespace llmgw::adapters {
namespace {
namespace json = boost::json;

TEST(ParseChatResponse, ReadsToolCallsUsageDetailsAndKeepsTheRest) {
    auto parsed = parse_chat_response(json::parse(R"({
        "id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"gpt-4.1-mini-2025-04-14",
        "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,"annotations":[],
            "tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]},
            "logprobs":null,"finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":80,"completion_tokens":20,"total_tokens":100,
                 "prompt_tokens_details":{"cached_tokens":64},"completion_tokens_details":{"reasoning_tokens":5}},
        "system_fingerprint":"fp_1","service_tier":"default"})").as_object());
    ASSERT_TRUE(parsed) << parsed.error().message;
    const auto& response = parsed.value();
    EXPECT_EQ(response.id, "chatcmpl-1");
    ASSERT_EQ(response.choices.size(), 1u);
    EXPECT_EQ(response.choices[0].finish_reason, domain::FinishReason::tool_calls);
    ASSERT_EQ(response.choices[0].message.tool_calls.size(), 1u);
    EXPECT_EQ(response.choices[0].message.tool_calls[0].name, "get_weather");
    EXPECT_EQ(response.usage, (domain::Usage{.prompt_tokens = 80, .completion_tokens = 20, .cached_prompt_tokens = 64, .reasoning_tokens = 5}));
    EXPECT_EQ(response.extra,
              (domain::RawJsonFields{{"system_fingerprint", "\"fp_1\""}, {"service_tier", "\"default\""}}));
}

TEST(ParseChatResponse, CountsNoRealUsageCanHaveAreImplausible) {
    for (const char* count : {"18446744073709551615", "9223372036854775807", "-3", "1.5", "1e300"}) {
        auto parsed = parse_chat_response(json::parse(std::string(R"({"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":)") +
                                                      count + "}}")
                                              .as_object());
        ASSERT_TRUE(parsed) << count;
        EXPECT_FALSE(domain::plausible(parsed.value().usage)) << count;
    }
    auto fine = parse_chat_response(json::parse(R"({"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2.0}})").as_object());
    EXPECT_TRUE(domain::plausible(fine.value().usage));
    EXPECT_EQ(fine.value().usage.completion_tokens, 2);
}

TEST(ParseChatResponse, RejectsABodyWithoutChoices) {
    auto parsed = parse_chat_response(json::parse(R"({"id":"x"})").as_object());
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, domain::ErrorCode::upstream_error);
}

TEST(WriteChatResponse, HasOpenAIsShapeForAToolCall) {
    domain::ChatResponse response;
    domain::Choice choice;
    choice.message.role = domain::Role::assistant;
    choice.message.content_is_null = true;
    choice.message.tool_calls.push_back({"call_1", "lookup", "{}"});
    choice.finish_reason = domain::FinishReason::tool_calls;
    response.choices.push_back(choice);
    response.usage = {10, 2, 0, 0};

    const auto body = json::parse(write_chat_response(response, {"chatcmpl-x", 1700000000, "fast"}));
    EXPECT_EQ(body, json::parse(R"({"id":"chatcmpl-x","object":"chat.completion","created":1700000000,"model":"fast",
        "choices":[{"index":0,"message":{"role":"assistant","content":null,"refusal":null,"annotations":[],
            "tool_calls":[{"id":"call_1","type":"function","function":{"name":"lookup","arguments":"{}"}}]},
            "logprobs":null,"finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12,
            "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
            "completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,
                                         "rejected_prediction_tokens":0}}})"));
}

TEST(WriteChunk, FirstChunkCarriesTheRoleAndLaterOnesOnlyTheDelta) {
    AnswerIdentity identity{"chatcmpl-s", 1700000000, "fast"};
    domain::StreamChunk first;
    first.role = domain::Role::assistant;
    first.content = "";
    EXPECT_EQ(json::parse(write_chunk(identity, first, true)),
              json::parse(R"({"id":"chatcmpl-s","object":"chat.completion.chunk","created":1700000000,"model":"fast",
                  "choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}],
                  "usage":null})"));

    domain::StreamChunk last;
    last.finish_reason = domain::FinishReason::length;
    const auto written = json::parse(write_chunk(identity, last, false)).as_object();
    EXPECT_FALSE(written.contains("usage"));
    EXPECT_EQ(written.at("choices").at(0).at("delta"), json::object());
    EXPECT_EQ(written.at("choices").at(0).at("finish_reason"), "length");
}

TEST(WriteChunk, ToolCallDeltasNameTheCallOnlyInTheirFirstPiece) {
    AnswerIdentity identity{"c", 1, "m"};
    domain::StreamChunk opening;
    opening.tool_calls.push_back({1, "call_b", "lookup", ""});
    domain::StreamChunk more;
    more.tool_calls.push_back({1, "", "", "{\"q\":"});
    EXPECT_EQ(json::parse(write_chunk(identity, opening, false)).at("choices").at(0).at("delta"),
              json::parse(R"({"tool_calls":[{"index":1,"id":"call_b","type":"function",
                              "function":{"name":"lookup","arguments":""}}]})"));
    EXPECT_EQ(json::parse(write_chunk(identity, more, false)).at("choices").at(0).at("delta"),
              json::parse(R"({"tool_calls":[{"index":1,"function":{"arguments":"{\"q\":"}}]})"));
}

TEST(WriteUsageChunk, HasNoChoices) {
    const auto chunk = json::parse(write_usage_chunk({"c", 1, "m"}, {3, 4, 0, 0}));
    EXPECT_EQ(chunk.at("choices"), json::array());
    EXPECT_EQ(chunk.at("usage").at("total_tokens"), 7);
}

TEST(ParseUpstreamChunk, ReadsDeltasFinishReasonsAndUsage) {
    auto parsed = parse_upstream_chunk(json::parse(R"({"id":"chatcmpl-u","model":"gpt-x","choices":[
        {"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[
            {"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]},"finish_reason":null}],
        "usage":null})").as_object());
    ASSERT_TRUE(parsed);
    ASSERT_EQ(parsed.value().chunks.size(), 1u);
    const auto& chunk = parsed.value().chunks[0];
    EXPECT_EQ(chunk.role, domain::Role::assistant);
    EXPECT_FALSE(chunk.content.has_value());
    ASSERT_EQ(chunk.tool_calls.size(), 1u);
    EXPECT_EQ(chunk.tool_calls[0].id, "call_1");
    EXPECT_FALSE(parsed.value().usage.has_value());

    auto usage = parse_upstream_chunk(json::parse(R"({"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":6}})").as_object());
    ASSERT_TRUE(usage);
    EXPECT_TRUE(usage.value().chunks.empty());
    EXPECT_EQ(usage.value().usage->completion_tokens, 6);
}

TEST(ParseUpstreamChunk, AnErrorPayloadIsAnUpstreamError) {
    auto parsed = parse_upstream_chunk(json::parse(R"({"error":{"message":"server overloaded","type":"server_error"}})").as_object());
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code, domain::ErrorCode::upstream_error);
    EXPECT_NE(parsed.error().message.find("server overloaded"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::adapters
