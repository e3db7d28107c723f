#include "infrastructure/http/connection.hpp"

#include <openssl/ssl.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace llmgw::infrastructure {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {
constexpr auto as_result = asio::as_tuple(asio::use_awaitable);

// Free coroutines over either stream type. (A lambda passed to std::visit must
// not be the coroutine itself: its captures would die before it runs.)
template <class Stream>
asio::awaitable<error_code> write_to(Stream& stream, HttpRequest& request) {
    auto [error, written] = co_await http::async_write(stream, request, as_result);
    co_return error;
}

template <class Stream>
asio::awaitable<error_code> read_header_from(Stream& stream, beast::flat_buffer& buffer, ResponseParser& parser) {
    auto [error, read] = co_await http::async_read_header(stream, buffer, parser, as_result);
    co_return error;
}

template <class Stream>
asio::awaitable<error_code> read_some_from(Stream& stream, beast::flat_buffer& buffer, ResponseParser& parser) {
    auto [error, read] = co_await http::async_read_some(stream, buffer, parser, as_result);
    co_return error;
}

}  // namespace

asio::awaitable<boost::system::result<Connection::Addresses>> Connection::resolve(const Endpoint& endpoint) {
    asio::ip::tcp::resolver resolver(co_await asio::this_coro::executor);
    auto [resolve_error, addresses] = co_await resolver.async_resolve(endpoint.host, endpoint.port, as_result);
    if (resolve_error) co_return resolve_error;
    co_return addresses;
}

asio::awaitable<boost::system::result<std::unique_ptr<Connection>>> Connection::open(const Endpoint& endpoint,
                                                                                      const Addresses& addresses,
                                                                                      asio::ssl::context& tls,
                                                                                      std::chrono::milliseconds timeout) {
    auto executor = co_await asio::this_coro::executor;
    beast::tcp_stream tcp(executor);
    tcp.expires_after(timeout);
    auto [connect_error, peer] = co_await tcp.async_connect(addresses, as_result);
    if (connect_error) co_return connect_error;
    tcp.socket().set_option(asio::ip::tcp::no_delay(true));

    if (!endpoint.tls) {
        co_return std::unique_ptr<Connection>(new Connection(std::move(tcp)));
    }
    Secure secure(std::move(tcp), tls);
    if (!SSL_set_tlsext_host_name(secure.native_handle(), endpoint.host.c_str())) {
        co_return error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
    }
    secure.set_verify_mode(asio::ssl::verify_peer);
    secure.set_verify_callback(asio::ssl::host_name_verification(endpoint.host));
    beast::get_lowest_layer(secure).expires_after(timeout);
    auto [handshake_error] = co_await secure.async_handshake(asio::ssl::stream_base::client, as_result);
    if (handshake_error) co_return handshake_error;
    co_return std::unique_ptr<Connection>(new Connection(std::move(secure)));
}

beast::tcp_stream& Connection::tcp() {
    return std::visit([](auto& stream) -> beast::tcp_stream& { return beast::get_lowest_layer(stream); }, stream_);
}

asio::any_io_executor Connection::executor() { return tcp().get_executor(); }

bool Connection::clean() {
    if (buffer_.size() != 0) return false;
    if (auto* secure = std::get_if<Secure>(&stream_); secure && SSL_pending(secure->native_handle()) > 0) return false;
    boost::system::error_code error;
    const auto waiting = tcp().socket().available(error);
    return !error && waiting == 0;
}

void Connection::mark_idle() {
    tcp().expires_never();
    idle_since_ = std::chrono::steady_clock::now();
}

asio::awaitable<error_code> Connection::write(HttpRequest& request, std::chrono::milliseconds timeout) {
    tcp().expires_after(timeout);
    co_return co_await std::visit([&](auto& stream) { return write_to(stream, request); }, stream_);
}

asio::awaitable<error_code> Connection::read_header(ResponseParser& parser, std::chrono::milliseconds timeout) {
    tcp().expires_after(timeout);
    co_return co_await std::visit([&](auto& stream) { return read_header_from(stream, buffer_, parser); }, stream_);
}

asio::awaitable<error_code> Connection::read_some(ResponseParser& parser, std::chrono::milliseconds timeout) {
    tcp().expires_after(timeout);
    co_return co_await std::visit([&](auto& stream) { return read_some_from(stream, buffer_, parser); }, stream_);
}

}  // namespace llmgw::infrastructure
