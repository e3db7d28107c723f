// The OpenAI-compatible adapter and the HTTP client under it, over real
// loopback HTTP against a fake upstream that speaks OpenAI's wire format.

#include <gtest/gtest.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/json/parse.hpp>

#include "adapters/outbound/openai/openai_transport.hpp"
#include "chat_builders.hpp"
#include "fake_upstream.hpp"
#include "manual_clock.hpp"
#include "mock_transport.hpp"
#include "run_awaitable.hpp"

namespace llmgw::adapters {
namespace {
using namespace llmgw::testing;
namespace json = boost::json;

const char* completion_body = R"({"id":"chatcmpl-up","object":"chat.completion","created":1700000000,
    "model":"gpt-4.1-mini-2025-04-14","choices":[{"index":0,"message":{"role":"assistant","content":"Hi there",
    "refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
    "usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":0}},
    "system_fingerprint":"fp_x"})";

// A real OpenAI stream with a tool call: role chunk with the call's id and
// name, argument pieces, finish chunk, usage chunk, [DONE].
std::vector<std::string> tool_call_stream() {
    const std::string head = R"({"id":"chatcmpl-s","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4.1-mini","system_fingerprint":"fp","choices":)";
    return {
        "data: " + head + R"([{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}],"usage":null})" + "\n\n",
        "data: " + head + R"([{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"ci"}}]},"logprobs":null,"finish_reason":null}],"usage":null})" + "\n\ndata: " +
            head + R"([{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"ty\":\"Oslo\"}"}}]},"logprobs":null,"finish_reason":null}],"usage":null})" + "\n\n",
        "data: " + head + R"([{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null})" + "\n\nda",
        "ta: " + head + R"([],"usage":{"prompt_tokens":50,"completion_tokens":12,"total_tokens":62}})" + "\n\n",
        "data: [DONE]\n\n"};
}

class OpenAiTransportTest : public ::testing::Test {
protected:
    OpenAiTransport transport_for(const FakeUpstream& upstream, infrastructure::HttpTimeouts timeouts = {}) {
        auto endpoint = infrastructure::parse_endpoint(upstream.base_url()).value();
        return OpenAiTransport(client, {"openai", endpoint, "sk-secret-key", {{"X-Title", "gw"}}, timeouts});
    }

    template <class T>
    T run(boost::asio::awaitable<T> work) {
        return run_awaitable(io, std::move(work));
    }

    boost::asio::io_context io;  // the one loop; outlives the pooled connections
    boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
    infrastructure::HttpClient client{tls};
};

TEST_F(OpenAiTransportTest, CompletesAndSendsWhatTheUpstreamExpects) {
    FakeUpstream upstream([](const UpstreamRequest&) { return FakeReply{.body = completion_body}; });
    auto transport = transport_for(upstream);
    auto request = chat_request("alias", "hello");
    request.extra.emplace_back("seed", "7");

    auto answer = run(transport.complete(request, domain::Attempt{"gpt-4.1-mini"}));

    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer.value().choices[0].message.text(), "Hi there");
    EXPECT_EQ(answer.value().usage.prompt_tokens, 9);
    const auto sent = upstream.requests().at(0);
    EXPECT_EQ(sent.target(), "/v1/chat/completions");
    EXPECT_EQ(sent[boost::beast::http::field::authorization], "Bearer sk-secret-key");
    EXPECT_EQ(sent["X-Title"], "gw");
    const auto body = json::parse(sent.body());
    EXPECT_EQ(body.at("model"), "gpt-4.1-mini");
    EXPECT_EQ(body.at("seed"), 7);
    EXPECT_FALSE(body.as_object().contains("stream"));
}

TEST_F(OpenAiTransportTest, StreamsToolCallDeltasSplitAcrossReads) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        return FakeReply{.content_type = "text/event-stream", .pieces = tool_call_stream()};
    });
    auto transport = transport_for(upstream);
    RecordingSink sink;
    auto request = chat_request("alias", "weather?");
    request.stream = true;

    auto summary = run(transport.stream(request, domain::Attempt{"gpt-4.1-mini"}, sink));

    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_TRUE(summary.value().usage_reported);
    EXPECT_EQ(summary.value().usage.completion_tokens, 12);
    ASSERT_EQ(sink.chunks.size(), 4u);
    EXPECT_EQ(sink.chunks[0].tool_calls.at(0).id, "call_1");
    EXPECT_EQ(sink.chunks[0].tool_calls.at(0).name, "get_weather");
    EXPECT_EQ(sink.chunks[1].tool_calls.at(0).arguments + sink.chunks[2].tool_calls.at(0).arguments,
              R"({"city":"Oslo"})");
    EXPECT_EQ(sink.chunks[3].finish_reason, domain::FinishReason::tool_calls);
    const auto body = json::parse(upstream.requests().at(0).body());
    EXPECT_EQ(body.at("stream_options").at("include_usage"), true);
}

TEST_F(OpenAiTransportTest, MapsUpstreamErrorsWithoutLeakingCredentials) {
    FakeUpstream upstream([](const UpstreamRequest& request) {
        if (request.body().find("limited") != std::string::npos) {
            return FakeReply{.status = 429, .headers = {{"retry-after", "3"}},
                             .body = R"({"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}})"};
        }
        return FakeReply{.status = 401,
                         .body = R"({"error":{"message":"Incorrect API key provided: sk-secr***-key.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})"};
    });
    auto transport = transport_for(upstream);

    auto limited = run(transport.complete(chat_request("m", "limited"), domain::Attempt{"m"}));
    ASSERT_FALSE(limited);
    EXPECT_EQ(limited.error().code, domain::ErrorCode::rate_limited);
    EXPECT_EQ(limited.error().retry_after, std::chrono::seconds(3));
    EXPECT_NE(limited.error().message.find("Rate limit reached"), std::string::npos);

    RecordingSink sink;
    auto unauthorized = run(transport.stream(chat_request("m", "x"), domain::Attempt{"m"}, sink));
    ASSERT_FALSE(unauthorized);
    EXPECT_EQ(unauthorized.error().code, domain::ErrorCode::upstream_error);
    EXPECT_EQ(unauthorized.error().message.find("sk-"), std::string::npos);
    EXPECT_TRUE(sink.chunks.empty());
}

TEST_F(OpenAiTransportTest, ARetryAfterDateIsReadAgainstTheClientsClock) {
    // The manual clock's wall time is 2027-01-15T08:00:00Z.
    testing::ManualClock clock;
    infrastructure::HttpClient timed_client(tls, {}, &clock);
    FakeUpstream upstream([](const UpstreamRequest&) {
        return FakeReply{.status = 429, .headers = {{"retry-after", "Fri, 15 Jan 2027 08:00:45 GMT"}},
                         .body = R"({"error":{"message":"slow down","type":"requests"}})"};
    });
    OpenAiTransport transport(timed_client,
                              {"openai", infrastructure::parse_endpoint(upstream.base_url()).value(), "k", {}, {}});

    auto plain = run(transport.complete(chat_request("m", "x"), domain::Attempt{"m"}));
    ASSERT_FALSE(plain);
    EXPECT_EQ(plain.error().retry_after, std::chrono::seconds(45));
    RecordingSink sink;
    auto streamed = run(transport.stream(chat_request("m", "x"), domain::Attempt{"m"}, sink));
    ASSERT_FALSE(streamed);
    EXPECT_EQ(streamed.error().retry_after, std::chrono::seconds(45));
}

TEST_F(OpenAiTransportTest, ReusesTheConnectionForTheNextCall) {
    FakeUpstream upstream([](const UpstreamRequest&) { return FakeReply{.body = completion_body}; });
    auto transport = transport_for(upstream);
    // Named, never temporaries in the co_await (GCC bug 99576).
    const auto request = chat_request("m", "x");
    const domain::Attempt attempt{"m"};
    auto three_on_one_loop = [&]() -> boost::asio::awaitable<int> {
        int ok = 0;
        for (int i = 0; i < 3; ++i) ok += (co_await transport.complete(request, attempt)) ? 1 : 0;
        co_return ok;
    };
    EXPECT_EQ(run(three_on_one_loop()), 3);
    EXPECT_EQ(run(three_on_one_loop()), 3);
    EXPECT_EQ(upstream.connections(), 1u);
    EXPECT_EQ(client.pool().idle_count(), 1u);
}

TEST_F(OpenAiTransportTest, ReusesTheConnectionAfterAStream) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        return FakeReply{.content_type = "text/event-stream", .pieces = tool_call_stream()};
    });
    auto transport = transport_for(upstream);
    // Named, never temporaries in the co_await (GCC bug 99576).
    const auto request = chat_request("m", "x");
    const domain::Attempt attempt{"m"};
    auto two_streams = [&]() -> boost::asio::awaitable<int> {
        int ok = 0;
        for (int i = 0; i < 2; ++i) {
            RecordingSink sink;
            ok += (co_await transport.stream(request, attempt, sink)) ? 1 : 0;
        }
        co_return ok;
    };
    EXPECT_EQ(run(two_streams()), 2);
    EXPECT_EQ(upstream.connections(), 1u);
}

TEST_F(OpenAiTransportTest, RetriesOnceOnAPooledConnectionTheUpstreamClosed) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        // Keep-alive promised, then the upstream drops the idle connection.
        return FakeReply{.body = completion_body, .close_after_reply = true};
    });
    auto transport = transport_for(upstream);
    // Named, never temporaries in the co_await (GCC bug 99576).
    const auto request = chat_request("m", "x");
    const domain::Attempt attempt{"m"};
    auto twice = [&]() -> boost::asio::awaitable<int> {
        int ok = 0;
        for (int i = 0; i < 2; ++i) ok += (co_await transport.complete(request, attempt)) ? 1 : 0;
        co_return ok;
    };
    EXPECT_EQ(run(twice()), 2);
    EXPECT_EQ(upstream.request_count(), 2u);
}

TEST_F(OpenAiTransportTest, ASilentUpstreamTimesOut) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        return FakeReply{.body = completion_body, .delay_before_headers = std::chrono::milliseconds(2000)};
    });
    auto transport = transport_for(upstream, {std::chrono::milliseconds(1000), std::chrono::milliseconds(100)});
    auto answer = run(transport.complete(chat_request("m", "x"), domain::Attempt{"m"}));
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, domain::ErrorCode::upstream_timeout);
}

TEST_F(OpenAiTransportTest, AStreamCutOffMidwayIsAnError) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        auto pieces = tool_call_stream();
        pieces.resize(2);
        return FakeReply{.content_type = "text/event-stream", .pieces = pieces, .close_after_reply = true};
    });
    auto transport = transport_for(upstream);
    RecordingSink sink;
    auto summary = run(transport.stream(chat_request("m", "x"), domain::Attempt{"m"}, sink));
    ASSERT_FALSE(summary);
    EXPECT_EQ(summary.error().code, domain::ErrorCode::upstream_error);
    EXPECT_EQ(sink.chunks.size(), 3u);
}

TEST_F(OpenAiTransportTest, AnUnreachableUpstreamIsAnUpstreamError) {
    unsigned short closed_port = 0;
    {
        FakeUpstream gone([](const UpstreamRequest&) { return FakeReply{}; });
        closed_port = gone.port();
    }
    auto endpoint = infrastructure::parse_endpoint("http://127.0.0.1:" + std::to_string(closed_port) + "/v1").value();
    OpenAiTransport transport(client, {"openai", endpoint, "", {}, {}});
    auto answer = run(transport.complete(chat_request("m", "x"), domain::Attempt{"m"}));
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, domain::ErrorCode::upstream_error);
    EXPECT_NE(answer.error().message.find("127.0.0.1"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::adapters
