// The upstream HTTP client against upstreams that bend HTTP/1.1: interim
// responses, bytes past the end of a response. Whatever they send, every
// caller gets the answer to its own request, and a connection goes back to
// the pool only when its response ended exactly where it should.

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl/context.hpp>

#include "fake_upstream.hpp"
#include "infrastructure/http/http_client.hpp"
#include "run_awaitable.hpp"

namespace llmgw::infrastructure {
namespace {
using namespace llmgw::testing;
namespace http = boost::beast::http;

std::string response_with(std::string_view body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + std::string(body);
}

class HttpClientTest : public ::testing::Test {
protected:
    // Sends `body` and returns the answer's body, or the error message.
    std::string exchange(const FakeUpstream& upstream, std::string body) {
        HttpRequest request{http::verb::post, "/v1/echo", 11};
        request.body() = std::move(body);
        auto endpoint = parse_endpoint(upstream.base_url()).value();
        auto answer = run_awaitable(io, client.send(endpoint, std::move(request), HttpTimeouts{}));
        return answer ? answer.value().body() : "error: " + answer.error().message;
    }

    boost::asio::io_context io;
    boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
    HttpClient client{tls};
};

TEST_F(HttpClientTest, SkipsInterimResponsesAndKeepsTheConnectionInStep) {
    FakeUpstream upstream([](const UpstreamRequest& request) {
        return FakeReply{.raw = {"HTTP/1.1 100 Continue\r\n\r\n",
                                 "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" +
                                     response_with("answer to " + request.body())}};
    });

    EXPECT_EQ(exchange(upstream, "first"), "answer to first");
    EXPECT_EQ(exchange(upstream, "second"), "answer to second");
    EXPECT_EQ(exchange(upstream, "third"), "answer to third");
    EXPECT_EQ(upstream.connections(), 1u);
    EXPECT_EQ(client.pool().idle_count(), 1u);
}

TEST_F(HttpClientTest, AnUpstreamThatSwitchesProtocolsUnaskedFails) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        return FakeReply{.raw = {"HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n" + response_with("x")}};
    });

    EXPECT_NE(exchange(upstream, "first").find("broke the HTTP protocol"), std::string::npos);
    EXPECT_EQ(client.pool().idle_count(), 0u);
}

TEST_F(HttpClientTest, EndlessInterimResponsesFail) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        std::string interim;
        for (int i = 0; i < 50; ++i) interim += "HTTP/1.1 100 Continue\r\n\r\n";
        return FakeReply{.raw = {interim + response_with("x")}};
    });

    EXPECT_NE(exchange(upstream, "first").find("too many interim responses"), std::string::npos);
}

TEST_F(HttpClientTest, BytesPastContentLengthCloseTheConnection) {
    FakeUpstream upstream([](const UpstreamRequest& request) {
        // The extra bytes look like a whole response: pooled, the connection
        // would hand them to the next caller as its answer.
        return FakeReply{.raw = {response_with("answer to " + request.body()) + response_with("stray")}};
    });

    EXPECT_EQ(exchange(upstream, "first"), "answer to first");
    EXPECT_EQ(client.pool().idle_count(), 0u);
    EXPECT_EQ(exchange(upstream, "second"), "answer to second");
    EXPECT_EQ(upstream.connections(), 2u);
}

TEST_F(HttpClientTest, BytesArrivingWhileIdleKeepTheConnectionOutOfUse) {
    FakeUpstream upstream([](const UpstreamRequest& request) {
        // The stray response comes in its own write, after the real one was
        // read and the connection pooled.
        return FakeReply{.raw = {response_with("answer to " + request.body()), response_with("stray")},
                         .delay_between_pieces = std::chrono::milliseconds(20)};
    });

    EXPECT_EQ(exchange(upstream, "first"), "answer to first");
    ASSERT_TRUE(upstream.wait_for([&] { return upstream.request_count() == 1; }));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the stray bytes land in the socket

    EXPECT_EQ(exchange(upstream, "second"), "answer to second");
    EXPECT_EQ(upstream.connections(), 2u);
}

TEST_F(HttpClientTest, ManyCallersOnMisbehavingConnectionsEachGetTheirOwnAnswer) {
    int turn = 0;
    FakeUpstream upstream([&turn](const UpstreamRequest& request) {
        const std::string own = response_with("answer to " + request.body());
        switch (turn++ % 3) {
        case 0: return FakeReply{.raw = {"HTTP/1.1 100 Continue\r\n\r\n" + own}};
        case 1: return FakeReply{.raw = {own + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstray"}};
        default: return FakeReply{.raw = {own}};
        }
    });

    for (int i = 0; i < 30; ++i) {
        const auto body = "call " + std::to_string(i);
        EXPECT_EQ(exchange(upstream, body), "answer to " + body);
    }
}

// Each event loop keeps the connections of its own peak of concurrent calls
// (up to the limit, per loop and upstream): a second burst of as many calls
// on each loop opens no connection, and one loop's idle connections never
// crowd out another's.
TEST(ConnectionPoolTest, EachLoopKeepsTheConnectionsOfItsPeakForItsNextBurst) {
    FakeUpstream upstream([](const UpstreamRequest&) { return FakeReply{.raw = {response_with("ok")}}; });
    const auto endpoint = parse_endpoint(upstream.base_url()).value();
    boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
    boost::asio::io_context first;
    boost::asio::io_context second;
    {
        HttpClient client{tls};
        constexpr int burst = 40;
        int answered = 0;
        const auto run_burst = [&](boost::asio::io_context& io) {
            for (int i = 0; i < burst; ++i) {
                boost::asio::co_spawn(io, [&]() -> boost::asio::awaitable<void> {
                    auto answer = co_await client.send(endpoint, HttpRequest{http::verb::get, "/v1/x", 11}, HttpTimeouts{});
                    if (answer && answer.value().body() == "ok") ++answered;
                }, boost::asio::detached);
            }
            io.restart();
            io.run();
        };
        for (int round = 0; round < 2; ++round) {
            run_burst(first);
            run_burst(second);
        }
        EXPECT_EQ(answered, 4 * burst);
        EXPECT_EQ(upstream.connections(), 2u * burst) << "the second bursts reused every connection of the first";
        EXPECT_EQ(client.pool().idle_count(), 2u * burst);
    }
}

}  // namespace
}  // namespace llmgw::infrastructure
