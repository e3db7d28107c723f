#include "adapters/inbound/http/http_server.hpp"

#include <list>
#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detail/socket_option.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include "adapters/common/identifiers.hpp"
#include "adapters/common/traceparent.hpp"
#include "adapters/inbound/http/access_log.hpp"
#include "adapters/inbound/http/request_spans.hpp"

namespace llmgw::adapters {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::awaitable;
using asio::ip::tcp;

namespace {

constexpr auto as_result = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t max_header_bytes = 16 * 1024;

using RequestParser = http::request_parser<http::string_body>;

// Read failures that only mean the client is done with the connection (also
// in the middle of a request: nobody is left to answer).
bool client_closed(boost::system::error_code error) {
    return error == http::error::end_of_stream || error == http::error::partial_message ||
           error == asio::error::eof || error == asio::error::connection_reset ||
           error == asio::error::operation_aborted || error == beast::error::timeout;
}

// RFC 9112 §6.3: a request whose Transfer-Encoding does not end in chunked
// has no length the server can trust; reading on would take its body for
// the next request (smuggling). Beast reads such a request as bodiless.
bool unframed_body(const RequestParser& parser) {
    return parser.get().count(http::field::transfer_encoding) > 0 && !parser.chunked();
}

OpenAiError unframed_body_error() {
    return {http::status::bad_request, "invalid_request_error", "malformed_http",
            "The request's Transfer-Encoding must end in chunked.", {}, std::nullopt};
}

OpenAiError unreadable_request_error(boost::system::error_code error, std::size_t max_body_bytes) {
    if (error == http::error::body_limit) {
        return to_openai_error(domain::make_error(
            domain::ErrorCode::payload_too_large,
            "The request body is larger than the limit of " + std::to_string(max_body_bytes) + " bytes."));
    }
    if (error == http::error::header_limit) {
        return {http::status::request_header_fields_too_large, "invalid_request_error", "headers_too_large",
                "The request headers are larger than " + std::to_string(max_header_bytes) + " bytes.", {},
                std::nullopt};
    }
    return {http::status::bad_request, "invalid_request_error", "malformed_http", "The request is not valid HTTP/1.1.",
            {}, std::nullopt};
}

}  // namespace

// One client connection: reads requests one after another and has each
// answered. Lives on its loop's thread only.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, HttpApi& api, observability::Logger& logger, observability::Tracer& tracer,
            const HttpServerOptions& options)
        : stream_(std::move(socket)), api_(api), logger_(logger), tracer_(tracer), options_(options) {
        boost::system::error_code ignored;
        local_ = stream_.socket().local_endpoint(ignored);
        client_address_ = stream_.socket().remote_endpoint(ignored).address().to_string();
    }

    awaitable<void> run();

    // Called on the session's own loop.
    void stop() {
        stopping_ = true;
        if (waiting_for_request_) stream_.cancel();
    }
    void abort() {
        boost::system::error_code ignored;
        stream_.socket().close(ignored);
    }

private:
    awaitable<bool> read_request(RequestParser& parser);
    // Answers a request that could not be read (when someone is there to
    // hear it) and closes the connection.
    awaitable<void> reject_unreadable(boost::system::error_code error);
    awaitable<void> reject(const OpenAiError& error);
    awaitable<void> serve(http::request<http::string_body> request);
    awaitable<void> linger_close();
    // Whether a request answered with `status` gets its access log line.
    bool access_logged(unsigned status) const;
    // Hands the spans of a traced request to the tracer.
    void export_trace(const http::request<http::string_body>& request, const Exchange& exchange,
                      std::chrono::system_clock::time_point started) const;

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    HttpApi& api_;
    observability::Logger& logger_;
    observability::Tracer& tracer_;
    const HttpServerOptions& options_;
    // The connection's ends, read once: the same for each of its requests.
    tcp::endpoint local_;
    std::string client_address_;
    bool stopping_ = false;  // the server is shutting down
    bool closing_ = false;   // this connection ends after the current response
    bool waiting_for_request_ = false;
};

struct HttpServer::Loop {
    asio::io_context& io;
    tcp::acceptor acceptor;
    std::list<std::shared_ptr<Session>> sessions;

    explicit Loop(asio::io_context& context) : io(context), acceptor(context) {}
};

namespace {

awaitable<void> accept_connections(HttpServer::Loop& loop, HttpApi& api, observability::Logger& logger,
                                   observability::Tracer& tracer, const HttpServerOptions& options,
                                   std::atomic<std::size_t>& open_connections) {
    for (;;) {
        auto [error, socket] = co_await loop.acceptor.async_accept(as_result);
        if (error) {
            if (!loop.acceptor.is_open()) co_return;
            logger.warn("accept_failed", {{"error", error.message()}});
            continue;
        }
        socket.set_option(tcp::no_delay(true));
        auto session = std::make_shared<Session>(std::move(socket), api, logger, tracer, options);
        auto position = loop.sessions.insert(loop.sessions.end(), session);
        ++open_connections;
        asio::co_spawn(loop.io, session->run(),
                       [&loop, &logger, &open_connections, position](std::exception_ptr failure) {
                           loop.sessions.erase(position);
                           --open_connections;
                           if (!failure) return;
                           try {
                               std::rethrow_exception(failure);
                           } catch (const std::exception& e) {
                               logger.error("session_failed", {{"error", e.what()}});
                           }
                       });
    }
}

}  // namespace

awaitable<bool> Session::read_request(RequestParser& parser) {
    parser.header_limit(max_header_bytes);
    parser.body_limit(options_.max_body_bytes);

    // A kept-alive connection may sit idle between requests; once a request
    // has begun, its header must arrive within the read timeout.
    if (buffer_.size() == 0) {
        waiting_for_request_ = true;
        stream_.expires_after(options_.idle_timeout);
        auto [idle_error, first_read] = co_await stream_.async_read_some(buffer_.prepare(4096), as_result);
        waiting_for_request_ = false;
        if (idle_error) co_return false;  // the client left, or never spoke
        buffer_.commit(first_read);
    }
    stream_.expires_after(options_.read_timeout);
    auto [header_error, header_read] = co_await http::async_read_header(stream_, buffer_, parser, as_result);
    if (header_error) {
        co_await reject_unreadable(header_error);
        co_return false;
    }
    if (unframed_body(parser)) {
        const OpenAiError answer = unframed_body_error();
        co_await reject(answer);
        co_return false;
    }

    if (parser.get()[http::field::expect] == "100-continue") {
        stream_.expires_after(options_.write_timeout);
        static constexpr std::string_view proceed = "HTTP/1.1 100 Continue\r\n\r\n";
        auto [error, written] = co_await asio::async_write(stream_, asio::buffer(proceed), as_result);
        if (error) co_return false;
    }

    stream_.expires_after(options_.read_timeout);
    auto [body_error, body_read] = co_await http::async_read(stream_, buffer_, parser, as_result);
    if (body_error) {
        co_await reject_unreadable(body_error);
        co_return false;
    }
    co_return true;
}

awaitable<void> Session::reject_unreadable(boost::system::error_code error) {
    if (client_closed(error)) co_return;  // nobody to answer
    // A named value, not a temporary in the co_await expression: GCC 12 can
    // destroy such temporaries twice.
    const OpenAiError answer = unreadable_request_error(error, options_.max_body_bytes);
    co_await reject(answer);
}

awaitable<void> Session::reject(const OpenAiError& error) {
    Exchange exchange(stream_, buffer_, Exchange::RequestLine{.keep_alive = false},
                      {request_id(std::chrono::system_clock::now()), {}, domain::new_trace(false)},
                      options_.write_timeout, logger_.scrubber());
    co_await exchange.reply_error(error);
    logger_.info("request_rejected", {{"request_id", exchange.request_id()},
                                      {"status", std::to_string(exchange.status())},
                                      {"reason", error.message}});
    co_await linger_close();
}

awaitable<void> Session::linger_close() {
    // Closing with unread request bytes makes the kernel reset the connection,
    // and the client may lose the response it has not read yet. Read (and
    // drop) what is still coming, for a short while.
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    std::array<char, 16 * 1024> sink;
    std::size_t drained = 0;
    while (drained < 2 * options_.max_body_bytes) {
        auto [error, read] = co_await stream_.async_read_some(asio::buffer(sink), as_result);
        if (error) break;
        drained += read;
    }
    stream_.socket().close(ignored);
}

awaitable<void> Session::serve(http::request<http::string_body> request) {
    const auto start = std::chrono::steady_clock::now();
    const auto started = std::chrono::system_clock::now();
    const Exchange::RequestLine line{.version = request.version() == 10 ? 10u : 11u,
                                     .head_only = request.method() == http::verb::head,
                                     .keep_alive = request.keep_alive() && !stopping_};
    auto trace = continue_trace(request["traceparent"], request["tracestate"], tracer_);
    std::optional<domain::RequestTrace> recording;
    if (trace.sampled && tracer_.enabled()) {
        recording.emplace();
        recording->capture_content = options_.capture_content_bytes > 0;
    }
    domain::RequestOutcome outcome;
    Exchange exchange(stream_, buffer_, line,
                      {request_id(started), client_request_id(request["x-request-id"]), std::move(trace),
                       recording ? &*recording : nullptr, &outcome},
                      options_.write_timeout, logger_.scrubber());
    bool failed = false;
    try {
        co_await api_.handle(request, exchange);
    } catch (const std::exception& failure) {
        logger_.error("request_failed", {{"request_id", exchange.request_id()}, {"error", failure.what()}});
        failed = true;
    }
    if (failed) {
        // The one catch-all: a bug answers 500 if nothing was sent yet, and
        // ends the connection, whose state is no longer known.
        if (exchange.status() == 0) {
            co_await exchange.reply_error(to_openai_error(
                domain::make_error(domain::ErrorCode::internal, "The gateway failed to handle the request.")));
        }
        closing_ = true;
    }
    if (exchange.recording()) export_trace(request, exchange, started);
    if (access_logged(exchange.status())) {
        log_access(logger_, {.request_id = exchange.request_id(),
                             .client_request_id = exchange.client_request_id(),
                             .trace = &exchange.trace(),
                             .method = request.method_string(),
                             .path = request.target().substr(0, request.target().find('?')),
                             .status = exchange.status(),
                             .took = std::chrono::steady_clock::now() - start,
                             .client_address = client_address_,
                             .outcome = &outcome});
    }
    if (!exchange.keep_alive()) closing_ = true;
}

bool Session::access_logged(unsigned status) const {
    if (!options_.access_log) return false;
    if (status >= 400 || options_.access_sample >= 1.0) return true;
    thread_local std::minstd_rand generator{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(generator) < options_.access_sample;
}

void Session::export_trace(const http::request<http::string_body>& request, const Exchange& exchange,
                           std::chrono::system_clock::time_point started) const {
    const auto target = request.target();
    const HttpExchangeFacts facts{.method = request.method_string(),
                                  .path = target.substr(0, target.find('?')),
                                  .user_agent = request[http::field::user_agent],
                                  .client_address = client_address_,
                                  .server_address = local_.address().to_string(),
                                  .server_port = local_.port(),
                                  .status = exchange.status(),
                                  .started = started,
                                  .ended = std::chrono::system_clock::now()};
    const TimeBase time{std::chrono::system_clock::now(), std::chrono::steady_clock::now()};
    tracer_.submit(request_spans(exchange.trace(), facts, exchange.request_id(), exchange.client_request_id(),
                                 *exchange.recording(), exchange.outcome()->known ? exchange.outcome() : nullptr, time,
                                 logger_.scrubber(), options_.capture_content_bytes));
}

awaitable<void> Session::run() {
    auto self = shared_from_this();
    while (!stopping_ && !closing_) {
        RequestParser parser;
        if (!co_await read_request(parser)) break;
        co_await serve(parser.release());
    }
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
}

HttpServer::HttpServer(HttpApi& api, observability::Logger& logger, observability::Tracer& tracer,
                       HttpServerOptions options)
    : api_(api), logger_(logger), tracer_(tracer), options_(options) {}

HttpServer::~HttpServer() = default;

tcp::endpoint HttpServer::listen(asio::io_context& io, const tcp::endpoint& at) {
    auto loop = std::make_unique<Loop>(io);
    auto& acceptor = loop->acceptor;
    acceptor.open(at.protocol());
    acceptor.set_option(tcp::acceptor::reuse_address(true));
    acceptor.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
    acceptor.bind(at);
    acceptor.listen(asio::socket_base::max_listen_connections);
    const auto bound = acceptor.local_endpoint();
    asio::co_spawn(io, accept_connections(*loop, api_, logger_, tracer_, options_, open_connections_),
                   [&logger = logger_](std::exception_ptr failure) {
                       if (failure) logger.error("acceptor_failed");
                   });
    loops_.push_back(std::move(loop));
    return bound;
}

void HttpServer::shutdown() {
    for (auto& loop : loops_) {
        asio::post(loop->io, [&loop = *loop] {
            boost::system::error_code ignored;
            loop.acceptor.close(ignored);
            for (auto& session : loop.sessions) session->stop();
        });
    }
}

void HttpServer::terminate() {
    for (auto& loop : loops_) {
        asio::post(loop->io, [&loop = *loop] {
            for (auto& session : loop.sessions) session->abort();
        });
    }
}

}  // namespace llmgw::adapters
