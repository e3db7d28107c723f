#pragma once

#include <string>
#include <utility>
#include <vector>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace llmgw::testing {

using TestResponse = boost::beast::http::response<boost::beast::http::string_body>;

// A blocking HTTP/1.1 client for tests: one request per call, on a new
// connection to 127.0.0.1:`port`. Chunked bodies (SSE) are read whole.
TestResponse http_request(unsigned short port, boost::beast::http::verb method, const std::string& target,
                          const std::string& body = {},
                          const std::vector<std::pair<std::string, std::string>>& headers = {});

inline TestResponse post_json(unsigned short port, const std::string& target, const std::string& body) {
    return http_request(port, boost::beast::http::verb::post, target, body, {{"content-type", "application/json"}});
}

// The bytes of a JSON POST (`extra_headers` as "name: value\r\n" lines).
inline std::string raw_post(const std::string& target, const std::string& body, const std::string& extra_headers = {}) {
    return "POST " + target + " HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n" + extra_headers +
           "content-length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Sends `bytes` as they are on a new connection and returns everything the
// server answers until it closes the connection (or `seconds` pass).
std::string raw_exchange(unsigned short port, const std::string& bytes, int seconds = 5);

// Sends `bytes` on a new connection, reads until the answer so far contains
// `marker` (or `seconds` pass), then closes the connection: a client that
// walks away mid-answer. Returns what it read.
std::string read_until_and_leave(unsigned short port, const std::string& bytes, const std::string& marker,
                                 int seconds = 5);

// The `data:` payloads of an SSE body, in order.
std::vector<std::string> sse_data(const std::string& body);

}  // namespace llmgw::testing
