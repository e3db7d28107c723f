#pragma once

#include <chrono>
#include <memory>
#include <variant>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/system/result.hpp>

#include "infrastructure/http/endpoint.hpp"

namespace llmgw::infrastructure {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
using ResponseParser = boost::beast::http::response_parser<boost::beast::http::string_body>;

// One client connection to an upstream, plain or TLS, with its read buffer.
// Every operation is bounded by `timeout`; a connection whose operation failed,
// timed out or was cancelled must be dropped, never pooled.
class Connection {
public:
    using Addresses = boost::asio::ip::tcp::resolver::results_type;

    // The endpoint's addresses, from the system's resolver.
    static boost::asio::awaitable<boost::system::result<Addresses>> resolve(const Endpoint& endpoint);

    // Connects to one of `addresses` (the endpoint's) and, for https,
    // verifies the certificate for the endpoint's host name (with SNI).
    // `endpoint` and `tls` are borrowed.
    static boost::asio::awaitable<boost::system::result<std::unique_ptr<Connection>>> open(
        const Endpoint& endpoint, const Addresses& addresses, boost::asio::ssl::context& tls,
        std::chrono::milliseconds timeout);

    boost::asio::awaitable<boost::system::error_code> write(HttpRequest& request, std::chrono::milliseconds timeout);
    boost::asio::awaitable<boost::system::error_code> read_header(ResponseParser& parser,
                                                                  std::chrono::milliseconds timeout);
    boost::asio::awaitable<boost::system::error_code> read_some(ResponseParser& parser,
                                                                std::chrono::milliseconds timeout);

    boost::asio::any_io_executor executor();
    // Whether the connection can carry another exchange: nothing is left in
    // its read buffer or waiting on its socket. Bytes past the end of a
    // response (an upstream that sent more than its Content-Length, or a
    // late interim response) would otherwise be read as the next caller's
    // answer.
    bool clean();
    std::chrono::steady_clock::time_point idle_since() const noexcept { return idle_since_; }
    // Stops the operation timer and notes when the connection went idle.
    void mark_idle();

private:
    using Plain = boost::beast::tcp_stream;
    using Secure = boost::beast::ssl_stream<boost::beast::tcp_stream>;

    explicit Connection(std::variant<Plain, Secure> stream) : stream_(std::move(stream)) {}
    boost::beast::tcp_stream& tcp();

    std::variant<Plain, Secure> stream_;
    boost::beast::flat_buffer buffer_;
    std::chrono::steady_clock::time_point idle_since_{};
};

}  // namespace llmgw::infrastructure
