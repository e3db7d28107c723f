#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include "domain/error.hpp"
#include "domain/ports/clock.hpp"
#include "infrastructure/http/connection.hpp"
#include "infrastructure/http/address_cache.hpp"
#include "infrastructure/http/connection_pool.hpp"
#include "infrastructure/http/endpoint.hpp"

namespace llmgw::infrastructure {

struct HttpTimeouts {
    std::chrono::milliseconds connect{10'000};
    // The longest silence allowed while sending or receiving: a model that
    // thinks for minutes before its first token needs a generous one.
    std::chrono::milliseconds idle{600'000};
};

class HttpClient;

// A TLS client context that verifies servers against the system's trust
// store, as every outbound connection of the gateway does.
boost::asio::ssl::context verifying_tls_client();

// A response whose body is read piece by piece as it arrives (for SSE).
// Reading it to the end returns its connection to the pool; dropping it
// earlier closes the connection.
class ResponseStream {
public:
    ResponseStream(ResponseStream&&) noexcept = default;
    ResponseStream& operator=(ResponseStream&&) noexcept = default;
    ~ResponseStream();

    unsigned status() const { return parser_->get().result_int(); }
    // The client's clock, for what the response says about time (Retry-After).
    const domain::Clock& clock() const noexcept;
    const ResponseParser::value_type& head() const { return parser_->get(); }

    // The next piece of the body; an empty string once the body is complete.
    // Each read waits at most the idle timeout, or `limit` when shorter.
    boost::asio::awaitable<domain::Result<std::string>> next(
        std::chrono::milliseconds limit = std::chrono::milliseconds::max());

    // For a caller that has all it wants (an SSE stream's last event): reads
    // and drops the rest of the body for up to `limit`, so that the
    // connection can be pooled; past that, the connection is closed.
    boost::asio::awaitable<void> discard_rest(std::chrono::milliseconds limit);

private:
    friend class HttpClient;
    ResponseStream(HttpClient& client, const Endpoint& endpoint, std::unique_ptr<Connection> connection,
                   std::unique_ptr<ResponseParser> parser, HttpTimeouts timeouts);
    void finish();

    HttpClient* client_;
    std::string pool_key_;
    std::string host_;
    std::unique_ptr<Connection> connection_;
    std::unique_ptr<ResponseParser> parser_;
    HttpTimeouts timeouts_;
};

// HTTP/1.1 client for upstream providers: keep-alive pooling, TLS with
// certificate and host-name verification, per-step timeouts. Failures come
// back as domain errors (upstream_timeout, upstream_error) whose messages
// name the upstream but never a credential.
//
// Cancellation: terminal cancellation aborts the exchange and closes its
// connection.
class HttpClient {
public:
    // `clock` (borrowed) tells the time for what responses say about it;
    // without one, the system's.
    HttpClient(boost::asio::ssl::context& tls, ConnectionPool::Limits pool_limits = {},
               const domain::Clock* clock = nullptr);

    // Sends `request` and reads the whole response (bodies over
    // `max_body_bytes` fail).
    static constexpr std::size_t max_body_bytes = 64 * 1024 * 1024;
    boost::asio::awaitable<domain::Result<HttpResponse>> send(const Endpoint& endpoint, HttpRequest request,
                                                              HttpTimeouts timeouts);

    // Sends `request` and returns once the response header is in.
    boost::asio::awaitable<domain::Result<ResponseStream>> open(const Endpoint& endpoint, HttpRequest request,
                                                                HttpTimeouts timeouts);

    const ConnectionPool& pool() const noexcept { return pool_; }
    const domain::Clock& clock() const noexcept { return clock_; }

private:
    friend class ResponseStream;
    boost::asio::awaitable<domain::Result<std::unique_ptr<Connection>>> connect(const Endpoint& endpoint,
                                                                               HttpTimeouts timeouts);

    boost::asio::ssl::context& tls_;
    const domain::Clock& clock_;
    ConnectionPool pool_;
    AddressCache addresses_;
};

}  // namespace llmgw::infrastructure
