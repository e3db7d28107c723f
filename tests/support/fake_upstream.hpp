#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_certificate.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace llmgw::testing {

using UpstreamRequest = boost::beast::http::request<boost::beast::http::string_body>;

// What the fake upstream answers to one request.
struct FakeReply {
    unsigned status = 200;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
    // A whole body; ignored when `pieces` is not empty.
    std::string body;
    // A chunked body written piece by piece (one TCP write each), e.g. SSE events.
    std::vector<std::string> pieces;
    // Bytes written as they are instead of a response built from the fields
    // above (one TCP write each): interim responses, bytes past the end, any
    // misbehaviour. The connection stays open for the next request unless
    // `close_after_reply`.
    std::vector<std::string> raw;
    std::chrono::milliseconds delay_before_headers{0};
    std::chrono::milliseconds delay_between_pieces{0};
    // Close the connection on reading the request, before any byte of a reply.
    bool close_before_reply = false;
    // Close the connection right after the header (a reset mid-stream).
    bool close_after_headers = false;
    // Close it after the pieces, without ending the chunked body (a stream cut off).
    bool close_after_pieces = false;
    bool close_after_reply = false;
};

// A real HTTP/1.1 server on 127.0.0.1 and a free port, on its own thread,
// answering each request with what `handler` says. It records the requests
// and counts connections and streams the client abandoned.
class FakeUpstream {
public:
    using Handler = std::function<FakeReply(const UpstreamRequest&)>;

    explicit FakeUpstream(Handler handler);
    // The same over TLS, presenting `certificate`.
    FakeUpstream(Handler handler, const TestCertificate& certificate);
    ~FakeUpstream();
    FakeUpstream(const FakeUpstream&) = delete;
    FakeUpstream& operator=(const FakeUpstream&) = delete;

    unsigned short port() const noexcept { return port_; }
    // "http://127.0.0.1:PORT/v1" ("https://HOST:PORT/v1" over TLS).
    std::string base_url(const std::string& host = "127.0.0.1") const;
    // The server names (SNI) TLS clients asked for.
    std::vector<std::string> server_names() const;

    std::vector<UpstreamRequest> requests() const;
    std::size_t request_count() const;
    std::size_t connections() const noexcept { return connections_.load(); }
    // Streams whose client went away before the last piece.
    std::size_t abandoned_streams() const noexcept { return abandoned_streams_.load(); }

    // Waits (bounded) until `predicate` holds; for effects that happen on the
    // fake's own thread after the client already has its answer.
    bool wait_for(const std::function<bool()>& predicate,
                  std::chrono::milliseconds limit = std::chrono::milliseconds(5000)) const;

private:
    friend struct FakeUpstreamSession;
    void record(const UpstreamRequest& request);
    void start();

    Handler handler_;
    boost::asio::io_context io_;
    std::unique_ptr<boost::asio::ssl::context> tls_;
    std::vector<std::string> server_names_;
    unsigned short port_ = 0;
    mutable std::mutex mutex_;
    std::vector<UpstreamRequest> requests_;
    std::atomic<std::size_t> connections_{0};
    std::atomic<std::size_t> abandoned_streams_{0};
    std::thread thread_;
};

}  // namespace llmgw::testing
