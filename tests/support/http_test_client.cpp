#include "http_test_client.hpp"

#include <chrono>

#include <poll.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace llmgw::testing {
namespace asio = boost::asio;
namespace http = boost::beast::http;

TestResponse http_request(unsigned short port, http::verb method, const std::string& target, const std::string& body,
                          const std::vector<std::pair<std::string, std::string>>& headers) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    http::request<http::string_body> request{method, target, 11};
    request.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(socket, buffer, parser);
    return parser.release();
}

namespace {

// Reads what `socket` receives until `done(answer)` holds, the peer closes,
// or `seconds` pass.
template <class Done>
std::string read_while(asio::ip::tcp::socket& socket, int seconds, Done done) {
    // Asio's blocking reads wait on their own when a receive timeout fires,
    // so the time limit is kept with poll(2) instead.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
    std::string answer;
    char buffer[4096];
    boost::system::error_code error;
    while (!done(answer)) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd ready{socket.native_handle(), POLLIN, 0};
        if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) <= 0) break;
        const std::size_t read = socket.read_some(asio::buffer(buffer), error);
        if (read == 0) break;
        answer.append(buffer, read);
    }
    return answer;
}

}  // namespace

std::string read_until_and_leave(unsigned short port, const std::string& bytes, const std::string& marker,
                                 int seconds) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    asio::write(socket, asio::buffer(bytes));
    auto answer = read_while(socket, seconds, [&](const std::string& so_far) {
        return so_far.find(marker) != std::string::npos;
    });
    socket.close();
    return answer;
}

std::string raw_exchange(unsigned short port, const std::string& bytes, int seconds) {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    asio::write(socket, asio::buffer(bytes));
    return read_while(socket, seconds, [](const std::string&) { return false; });
}

std::vector<std::string> sse_data(const std::string& body) {
    std::vector<std::string> payloads;
    std::size_t at = 0;
    while ((at = body.find("data: ", at)) != std::string::npos) {
        const auto end = body.find("\n\n", at);
        payloads.push_back(body.substr(at + 6, end - at - 6));
        at = end;
    }
    return payloads;
}

}  // namespace llmgw::testing
