// The Gemini adapter over real loopback HTTP against a fake Gemini API that
// speaks its wire format, and through the built gateway to an OpenAI client.

#include <gtest/gtest.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/json/parse.hpp>

#include "adapters/outbound/gemini/gemini_transport.hpp"
#include "chat_builders.hpp"
#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "gemini_wire.hpp"
#include "http_test_client.hpp"
#include "mock_transport.hpp"
#include "run_awaitable.hpp"

namespace llmgw::adapters {
namespace {
using namespace llmgw::testing;
namespace json = boost::json;

FakeReply gemini_api(const UpstreamRequest& request) {
    const std::string target(request.target());
    const auto text = std::string(json::parse(request.body()).at("contents").at(0).at("parts").at(0).at("text").as_string());
    if (text == "limited") {
        return FakeReply{.status = 429, .body = gemini_error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).")};
    }
    if (text == "cut") {
        auto pieces = gemini_text_stream();
        pieces.pop_back();
        return FakeReply{.content_type = "text/event-stream", .pieces = pieces, .close_after_reply = true};
    }
    if (target.ends_with(":streamGenerateContent?alt=sse")) {
        return FakeReply{.content_type = "text/event-stream",
                         .pieces = text == "call" ? gemini_function_call_stream() : gemini_text_stream()};
    }
    return FakeReply{.body = gemini_function_call_response()};
}

class GeminiTransportTest : public ::testing::Test {
protected:
    template <class T>
    T run(boost::asio::awaitable<T> work) {
        return run_awaitable(io, std::move(work));
    }

    boost::asio::io_context io;
    boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
    infrastructure::HttpClient client{tls};
    FakeUpstream upstream{gemini_api};
    GeminiTransport transport{client, {"gemini", infrastructure::parse_endpoint(upstream.base_url() + "beta").value(),
                                       "AIza-secret", {}, {}}};
};

TEST_F(GeminiTransportTest, CallsGenerateContentWithTheKeyHeader) {
    auto answer = run(transport.complete(chat_request("g", "Weather?"), domain::Attempt{"gemini-2.5-flash"}));
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer.value().choices.at(0).finish_reason, domain::FinishReason::tool_calls);
    const auto sent = upstream.requests().at(0);
    EXPECT_EQ(sent.target(), "/v1beta/models/gemini-2.5-flash:generateContent");
    EXPECT_EQ(sent["x-goog-api-key"], "AIza-secret");
}

TEST_F(GeminiTransportTest, StreamsWithoutAnEndMarker) {
    RecordingSink sink;
    auto summary = run(transport.stream(chat_request("g", "Weather?"), domain::Attempt{"models/gemini-2.5-flash"}, sink));
    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(upstream.requests().at(0).target(), "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    ASSERT_EQ(sink.chunks.size(), 4u);
    EXPECT_EQ(sink.chunks[3].finish_reason, domain::FinishReason::stop);
    EXPECT_EQ(summary.value().usage.prompt_tokens, 9);
}

TEST_F(GeminiTransportTest, MapsErrorsAndCutStreams) {
    auto limited = run(transport.complete(chat_request("g", "limited"), domain::Attempt{"gemini-2.5-flash"}));
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, domain::ErrorCode::rate_limited);
    EXPECT_NE(limited.error().message.find("Resource has been exhausted"), std::string::npos);

    RecordingSink sink;
    auto cut = run(transport.stream(chat_request("g", "cut"), domain::Attempt{"gemini-2.5-flash"}, sink));
    ASSERT_FALSE(cut);
    EXPECT_EQ(cut.error().code, domain::ErrorCode::upstream_error);
}

TEST(GeminiEndToEnd, AnOpenAIClientGetsOpenAIsShapes) {
    FakeUpstream upstream{gemini_api};
    GatewayProcess gateway{"providers:\n"
                           "  - name: google\n"
                           "    kind: gemini\n"
                           "    base_url: " + upstream.base_url() + "beta\n"
                           "    api_key_env: GEMINI_API_KEY\n"
                           "models:\n"
                           "  - name: flash\n"
                           "    provider: google\n"
                           "    upstream_model: gemini-2.5-flash\n",
                           {{"GEMINI_API_KEY", "AIza-e2e-secret"}}};

    const auto plain = post_json(gateway.port(), "/v1/chat/completions",
                                 R"({"model":"flash","messages":[{"role":"user","content":"Weather?"}]})");
    ASSERT_EQ(plain.result_int(), 200) << plain.body();
    const auto body = json::parse(plain.body());
    EXPECT_EQ(body.at("choices").at(0).at("finish_reason"), "tool_calls");
    EXPECT_EQ(body.at("choices").at(0).at("message").at("tool_calls").at(0).at("function").at("name"), "get_weather");
    EXPECT_EQ(body.at("usage").at("completion_tokens_details").at("reasoning_tokens"), 8);

    const auto streamed = post_json(gateway.port(), "/v1/chat/completions",
                                    R"({"model":"flash","stream":true,"messages":[{"role":"user","content":"call"}]})");
    ASSERT_EQ(streamed.result_int(), 200);
    const auto events = sse_data(streamed.body());
    ASSERT_EQ(events.size(), 5u) << streamed.body();  // role, two calls, finish, [DONE]
    EXPECT_EQ(json::parse(events[2]).at("choices").at(0).at("delta").at("tool_calls").at(0).at("index"), 1);
    EXPECT_EQ(json::parse(events[3]).at("choices").at(0).at("finish_reason"), "tool_calls");
    EXPECT_EQ(events[4], "[DONE]");

    const auto limited = post_json(gateway.port(), "/v1/chat/completions",
                                   R"({"model":"flash","messages":[{"role":"user","content":"limited"}]})");
    EXPECT_EQ(limited.result_int(), 429);
    EXPECT_EQ(json::parse(limited.body()).at("error").at("type"), "rate_limit_error");
    EXPECT_EQ(gateway.log().find("e2e-secret"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::adapters
