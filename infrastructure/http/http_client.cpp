#include "infrastructure/http/http_client.hpp"

#include "infrastructure/system_clock.hpp"

#include <boost/asio/error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

namespace llmgw::infrastructure {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {

constexpr std::size_t max_header_bytes = 64 * 1024;
// Interim (1xx) responses skipped before the real one; an upstream that
// sends more is broken.
constexpr int max_interim_responses = 8;

std::unique_ptr<ResponseParser> new_parser() {
    auto parser = std::make_unique<ResponseParser>();
    parser->header_limit(max_header_bytes);
    parser->body_limit(boost::none);  // bounded per read by the caller
    return parser;
}

const domain::Clock& system_clock() {
    static const SystemClock clock;
    return clock;
}

domain::Error protocol_error(const std::string& host, std::string_view what) {
    return domain::make_transient_error(domain::ErrorCode::upstream_error,
                                        "The upstream " + host + " broke the HTTP protocol: " + std::string(what) + ".");
}

// Every failure of the connection itself is transient; a cancellation is the
// caller's own doing and is not.
domain::Error exchange_error(const std::string& host, error_code error, HttpTimeouts timeouts) {
    if (error == beast::error::timeout) {
        return domain::make_transient_error(domain::ErrorCode::upstream_timeout,
                                            "The upstream " + host + " did not answer within " +
                                                std::to_string(timeouts.idle.count()) + " ms.");
    }
    if (error == asio::error::operation_aborted) {
        return domain::make_error(domain::ErrorCode::client_closed, "The upstream call was cancelled.");
    }
    return domain::make_transient_error(domain::ErrorCode::upstream_error,
                                        "The connection to the upstream " + host + " failed: " + error.message() + ".");
}

// A pooled connection may have been closed by the upstream while idle; such
// a failure shows before any byte of the response and is safe to redo on a
// fresh connection.
bool stale_connection(error_code error) {
    return error == http::error::end_of_stream || error == asio::error::eof ||
           error == asio::error::connection_reset || error == asio::error::broken_pipe ||
           error == asio::ssl::error::stream_truncated;
}

}  // namespace

asio::ssl::context verifying_tls_client() {
    asio::ssl::context tls(asio::ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(asio::ssl::verify_peer);
    return tls;
}

ResponseStream::ResponseStream(HttpClient& client, const Endpoint& endpoint, std::unique_ptr<Connection> connection,
                               std::unique_ptr<ResponseParser> parser, HttpTimeouts timeouts)
    : client_(&client),
      pool_key_(endpoint.pool_key()),
      host_(endpoint.host),
      connection_(std::move(connection)),
      parser_(std::move(parser)),
      timeouts_(timeouts) {
    if (parser_->is_done()) finish();
}

ResponseStream::~ResponseStream() = default;

void ResponseStream::finish() {
    // Only a response read exactly to its end leaves a connection that the
    // next caller can trust.
    if (connection_ && parser_->keep_alive() && connection_->clean()) {
        client_->pool_.give_back(pool_key_, std::move(connection_));
    }
    connection_.reset();
}

asio::awaitable<domain::Result<std::string>> ResponseStream::next(std::chrono::milliseconds limit) {
    auto& body = parser_->get().body();
    while (body.empty() && !parser_->is_done()) {
        if (!connection_) co_return exchange_error(host_, asio::error::not_connected, timeouts_);
        error_code error = co_await connection_->read_some(*parser_, std::min(timeouts_.idle, limit));
        if (error) {
            connection_.reset();
            co_return exchange_error(host_, error, timeouts_);
        }
    }
    std::string piece = std::move(body);
    body.clear();
    if (parser_->is_done()) finish();
    co_return piece;
}

asio::awaitable<void> ResponseStream::discard_rest(std::chrono::milliseconds limit) {
    auto& body = parser_->get().body();
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (connection_ && !parser_->is_done()) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        body.clear();
        if (left.count() <= 0 || co_await connection_->read_some(*parser_, left)) connection_.reset();
    }
    body.clear();
    if (parser_->is_done()) finish();
}

HttpClient::HttpClient(asio::ssl::context& tls, ConnectionPool::Limits pool_limits, const domain::Clock* clock)
    : tls_(tls), clock_(clock ? *clock : system_clock()), pool_(pool_limits) {}

const domain::Clock& ResponseStream::clock() const noexcept { return client_->clock(); }

asio::awaitable<domain::Result<std::unique_ptr<Connection>>> HttpClient::connect(const Endpoint& endpoint,
                                                                                  HttpTimeouts timeouts) {
    const auto key = endpoint.pool_key();
    auto addresses = addresses_.find(key, clock_.monotonic());
    // Addresses kept from before that no longer take connections are
    // forgotten, and the name resolved again at once.
    const bool kept = addresses.has_value();
    boost::system::result<std::unique_ptr<Connection>> opened = asio::error::not_connected;
    for (bool resolved = false; !resolved;) {
        if (!addresses) {
            auto fresh = co_await Connection::resolve(endpoint);
            resolved = true;
            if (!fresh) {
                opened = fresh.error();
                break;
            }
            addresses = std::move(fresh).value();
            addresses_.keep(key, *addresses, clock_.monotonic());
        }
        opened = co_await Connection::open(endpoint, *addresses, tls_, timeouts.connect);
        if (opened) break;
        addresses_.forget(key);
        addresses.reset();
        resolved = resolved || !kept;
    }
    if (!opened) {
        if (opened.error() == beast::error::timeout) {
            co_return domain::make_transient_error(domain::ErrorCode::upstream_timeout,
                                                   "Connecting to the upstream " + endpoint.host + " timed out after " +
                                                       std::to_string(timeouts.connect.count()) + " ms.");
        }
        co_return exchange_error(endpoint.host, opened.error(), timeouts);
    }
    co_return std::move(opened).value();
}

asio::awaitable<domain::Result<ResponseStream>> HttpClient::open(const Endpoint& endpoint, HttpRequest request,
                                                                 HttpTimeouts timeouts) {
    request.version(11);
    request.set(http::field::host, endpoint.host_header());
    request.keep_alive(true);
    request.prepare_payload();

    const auto executor = co_await asio::this_coro::executor;
    const std::string key = endpoint.pool_key();
    auto connection = pool_.take(key, executor);
    const bool reused = connection != nullptr;
    for (bool fresh_attempt = !reused;; fresh_attempt = true) {
        if (!connection) {
            BOOST_OUTCOME_CO_TRY(connection, co_await connect(endpoint, timeouts));
        }
        auto parser = new_parser();
        error_code error = co_await connection->write(request, timeouts.idle);
        if (!error) error = co_await connection->read_header(*parser, timeouts.idle);
        // Interim responses (100 Continue, 103 Early Hints) precede the real
        // one on the same connection (RFC 9110 §15.2): skip them.
        for (int interim = 0; !error && parser->get().result_int() / 100 == 1; ++interim) {
            if (parser->get().result_int() == 101 || interim == max_interim_responses) {
                co_return protocol_error(endpoint.host, parser->get().result_int() == 101
                                                            ? "it switched protocols unasked"
                                                            : "it sent too many interim responses");
            }
            parser = new_parser();
            error = co_await connection->read_header(*parser, timeouts.idle);
        }
        if (!error) co_return ResponseStream(*this, endpoint, std::move(connection), std::move(parser), timeouts);
        connection.reset();
        if (fresh_attempt || !stale_connection(error)) co_return exchange_error(endpoint.host, error, timeouts);
    }
}

asio::awaitable<domain::Result<HttpResponse>> HttpClient::send(const Endpoint& endpoint, HttpRequest request,
                                                               HttpTimeouts timeouts) {
    BOOST_OUTCOME_CO_TRY(auto stream, co_await open(endpoint, std::move(request), timeouts));
    HttpResponse response;
    response.base() = stream.head().base();
    for (;;) {
        BOOST_OUTCOME_CO_TRY(auto piece, co_await stream.next());
        if (piece.empty()) break;
        if (response.body().size() + piece.size() > max_body_bytes) {
            co_return domain::make_error(domain::ErrorCode::upstream_error,
                                         "The upstream " + endpoint.host + " sent a response over " +
                                             std::to_string(max_body_bytes) + " bytes.");
        }
        response.body() += piece;
    }
    co_return response;
}

}  // namespace llmgw::infrastructure
