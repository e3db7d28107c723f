#include "fake_upstream.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>

namespace llmgw::testing {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::awaitable;
using asio::ip::tcp;

namespace {
constexpr auto as_result = asio::as_tuple(asio::use_awaitable);

awaitable<void> pause(std::chrono::milliseconds duration) {
    if (duration.count() == 0) co_return;
    asio::steady_timer timer(co_await asio::this_coro::executor, duration);
    co_await timer.async_wait(as_result);
}
}  // namespace

struct FakeUpstreamSession {
    static awaitable<void> start(FakeUpstream& fake, tcp::socket socket) {
        if (!fake.tls_) co_return co_await serve(fake, socket);
        asio::ssl::stream<tcp::socket> secure(std::move(socket), *fake.tls_);
        auto [error] = co_await secure.async_handshake(asio::ssl::stream_base::server, as_result);
        if (error) co_return;
        if (const char* name = SSL_get_servername(secure.native_handle(), TLSEXT_NAMETYPE_host_name)) {
            std::lock_guard lock(fake.mutex_);
            fake.server_names_.emplace_back(name);
        }
        co_await serve(fake, secure);
    }

    template <class Stream>
    static awaitable<void> serve(FakeUpstream& fake, Stream& socket) {
        boost::beast::flat_buffer buffer;
        for (;;) {
            UpstreamRequest request;
            auto [read_error, read] = co_await http::async_read(socket, buffer, request, as_result);
            if (read_error) co_return;
            fake.record(request);
            const FakeReply reply = fake.handler_(request);
            co_await pause(reply.delay_before_headers);
            if (reply.close_before_reply) co_return;

            if (!reply.raw.empty()) {
                for (const auto& bytes : reply.raw) {
                    co_await pause(reply.delay_between_pieces);
                    auto [error, written] = co_await asio::async_write(socket, asio::buffer(bytes), as_result);
                    if (error) co_return;
                }
                if (reply.close_after_reply) co_return;
                continue;
            }

            if (reply.pieces.empty()) {
                http::response<http::string_body> response{static_cast<http::status>(reply.status), 11};
                response.set(http::field::content_type, reply.content_type);
                for (const auto& [name, value] : reply.headers) response.set(name, value);
                response.body() = reply.body;
                response.keep_alive(!reply.close_after_reply && request.keep_alive());
                response.prepare_payload();
                auto [error, written] = co_await http::async_write(socket, response, as_result);
                if (error || !response.keep_alive()) co_return;
                continue;
            }

            http::response<http::empty_body> response{static_cast<http::status>(reply.status), 11};
            response.set(http::field::content_type, reply.content_type);
            for (const auto& [name, value] : reply.headers) response.set(name, value);
            response.chunked(true);
            response.keep_alive(!reply.close_after_reply && request.keep_alive());
            http::response_serializer<http::empty_body> serializer{response};
            auto [header_error, header_written] = co_await http::async_write_header(socket, serializer, as_result);
            if (header_error) co_return;
            if (reply.close_after_headers) co_return;
            for (const auto& piece : reply.pieces) {
                co_await pause(reply.delay_between_pieces);
                auto [error, written] =
                    co_await asio::async_write(socket, http::make_chunk(asio::buffer(piece)), as_result);
                if (error) {
                    ++fake.abandoned_streams_;
                    co_return;
                }
            }
            if (reply.close_after_pieces) co_return;
            auto [last_error, last_written] = co_await asio::async_write(socket, http::make_chunk_last(), as_result);
            if (last_error || !response.keep_alive()) co_return;
        }
    }
};

namespace {
awaitable<void> accept_loop(FakeUpstream& fake, tcp::acceptor& acceptor, std::atomic<std::size_t>& connections) {
    for (;;) {
        auto [error, socket] = co_await acceptor.async_accept(as_result);
        if (error) co_return;
        ++connections;
        asio::co_spawn(acceptor.get_executor(), FakeUpstreamSession::start(fake, std::move(socket)), asio::detached);
    }
}
}  // namespace

FakeUpstream::FakeUpstream(Handler handler) : handler_(std::move(handler)) { start(); }

FakeUpstream::FakeUpstream(Handler handler, const TestCertificate& certificate)
    : handler_(std::move(handler)), tls_(std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server)) {
    tls_->use_certificate_chain(asio::buffer(certificate.certificate_pem));
    tls_->use_private_key(asio::buffer(certificate.private_key_pem), asio::ssl::context::pem);
    start();
}

void FakeUpstream::start() {
    auto acceptor = std::make_shared<tcp::acceptor>(io_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port_ = acceptor->local_endpoint().port();
    asio::co_spawn(io_, [this, acceptor]() { return accept_loop(*this, *acceptor, connections_); }, asio::detached);
    thread_ = std::thread([this] { io_.run(); });
}

FakeUpstream::~FakeUpstream() {
    io_.stop();
    thread_.join();
}

std::string FakeUpstream::base_url(const std::string& host) const {
    return (tls_ ? "https://" : "http://") + host + ":" + std::to_string(port_) + "/v1";
}

std::vector<std::string> FakeUpstream::server_names() const {
    std::lock_guard lock(mutex_);
    return server_names_;
}

void FakeUpstream::record(const UpstreamRequest& request) {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
}

std::vector<UpstreamRequest> FakeUpstream::requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
}

std::size_t FakeUpstream::request_count() const {
    std::lock_guard lock(mutex_);
    return requests_.size();
}

bool FakeUpstream::wait_for(const std::function<bool()>& predicate, std::chrono::milliseconds limit) const {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!predicate()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace llmgw::testing
