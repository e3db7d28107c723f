// The Anthropic adapter over real loopback HTTP against a fake Messages API
// that speaks Anthropic's wire format.

#include <gtest/gtest.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/json/parse.hpp>

#include "adapters/outbound/anthropic/anthropic_transport.hpp"
#include "anthropic_wire.hpp"
#include "chat_builders.hpp"
#include "fake_upstream.hpp"
#include "mock_transport.hpp"
#include "run_awaitable.hpp"

namespace llmgw::adapters {
namespace {
using namespace llmgw::testing;
namespace json = boost::json;

class AnthropicTransportTest : public ::testing::Test {
protected:
    AnthropicTransport transport_for(const FakeUpstream& upstream) {
        // Anthropic's base URL has no /v1: the adapter adds /v1/messages.
        auto endpoint = infrastructure::parse_endpoint("http://127.0.0.1:" + std::to_string(upstream.port())).value();
        return AnthropicTransport(client, {.provider = "anthropic",
                                           .endpoint = endpoint,
                                           .api_key = "sk-ant-secret",
                                           .models = {{"claude-haiku-4-5", {1024, AnthropicThinking::budget}}}});
    }

    template <class T>
    T run(boost::asio::awaitable<T> work) {
        return run_awaitable(io, std::move(work));
    }

    boost::asio::io_context io;
    boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
    infrastructure::HttpClient client{tls};
};

TEST_F(AnthropicTransportTest, CompletesWithAnthropicsHeadersAndTranslatesTheAnswer) {
    FakeUpstream upstream([](const UpstreamRequest&) { return FakeReply{.body = anthropic_tool_message()}; });
    auto transport = transport_for(upstream);

    auto answer = run(transport.complete(chat_request("claude", "Weather in Oslo?"), domain::Attempt{"claude-haiku-4-5"}));

    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer.value().choices.at(0).finish_reason, domain::FinishReason::tool_calls);
    EXPECT_EQ(answer.value().choices.at(0).message.tool_calls.at(0).name, "get_weather");
    const auto sent = upstream.requests().at(0);
    EXPECT_EQ(sent.target(), "/v1/messages");
    EXPECT_EQ(sent["x-api-key"], "sk-ant-secret");
    EXPECT_EQ(sent["anthropic-version"], "2023-06-01");
    EXPECT_TRUE(sent[boost::beast::http::field::authorization].empty());
    const auto body = json::parse(sent.body());
    EXPECT_EQ(body.at("model"), "claude-haiku-4-5");
    EXPECT_EQ(body.at("max_tokens"), 1024);  // the model's configured default
}

TEST_F(AnthropicTransportTest, StreamsTextAndSeveralToolCalls) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        return FakeReply{.content_type = "text/event-stream", .pieces = anthropic_tool_stream()};
    });
    auto transport = transport_for(upstream);
    RecordingSink sink;

    auto summary = run(transport.stream(chat_request("claude", "Weather and time?"), domain::Attempt{"claude-sonnet-4-5"}, sink));

    ASSERT_TRUE(summary) << summary.error().message;
    ASSERT_EQ(sink.chunks.size(), 9u);
    EXPECT_EQ(sink.chunks[6].tool_calls.at(0).index, 1);
    EXPECT_EQ(sink.chunks[8].finish_reason, domain::FinishReason::tool_calls);
    EXPECT_EQ(summary.value().usage.completion_tokens, 89);
    EXPECT_EQ(json::parse(upstream.requests().at(0).body()).at("max_tokens"), 4096);
    // The whole body was read: the next call reuses the connection.
    RecordingSink again;
    ASSERT_TRUE(run(transport.stream(chat_request("claude", "again"), domain::Attempt{"claude-sonnet-4-5"}, again)));
    EXPECT_EQ(upstream.connections(), 1u);
}

TEST_F(AnthropicTransportTest, MapsAnthropicErrors) {
    FakeUpstream upstream([](const UpstreamRequest& request) {
        const auto text = std::string(json::parse(request.body()).at("messages").at(0).at("content").at(0).at("text").as_string());
        if (text == "overloaded") return FakeReply{.status = 529, .body = anthropic_error("overloaded_error", "Overloaded")};
        if (text == "limited") {
            return FakeReply{.status = 429, .headers = {{"retry-after", "20"}},
                             .body = anthropic_error("rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit")};
        }
        if (text == "auth") return FakeReply{.status = 401, .body = anthropic_error("authentication_error", "invalid x-api-key sk-ant-secret")};
        return FakeReply{.status = 400, .body = anthropic_error("invalid_request_error", "max_tokens: 100000 > 64000, which is the maximum")};
    });
    auto transport = transport_for(upstream);
    const auto fail = [&](const char* text) {
        return run(transport.complete(chat_request("claude", text), domain::Attempt{"claude-sonnet-4-5"})).error();
    };

    EXPECT_EQ(fail("overloaded").code, domain::ErrorCode::upstream_unavailable);
    const auto limited = fail("limited");
    EXPECT_EQ(limited.code, domain::ErrorCode::rate_limited);
    EXPECT_EQ(limited.retry_after, std::chrono::seconds(20));
    const auto auth = fail("auth");
    EXPECT_EQ(auth.code, domain::ErrorCode::upstream_error);
    EXPECT_EQ(auth.message.find("sk-ant"), std::string::npos);
    const auto invalid = fail("bad");
    EXPECT_EQ(invalid.code, domain::ErrorCode::invalid_request);
    EXPECT_NE(invalid.message.find("max_tokens: 100000 > 64000"), std::string::npos);
}

TEST_F(AnthropicTransportTest, AnErrorEventMidStreamFailsTheStream) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        auto pieces = anthropic_tool_stream();
        pieces.resize(3);
        pieces.push_back(anthropic_event("error", R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"));
        return FakeReply{.content_type = "text/event-stream", .pieces = pieces};
    });
    auto transport = transport_for(upstream);
    RecordingSink sink;
    auto summary = run(transport.stream(chat_request("claude", "x"), domain::Attempt{"claude-sonnet-4-5"}, sink));
    ASSERT_FALSE(summary);
    EXPECT_EQ(summary.error().code, domain::ErrorCode::upstream_unavailable);
    EXPECT_EQ(sink.chunks.size(), 2u);  // role and the first text delta went out before the error
}

}  // namespace
}  // namespace llmgw::adapters
