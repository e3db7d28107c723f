#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "adapters/inbound/http/http_api.hpp"
#include "observability/logger.hpp"
#include "observability/tracing/tracer.hpp"

namespace llmgw::adapters {

struct HttpServerOptions {
    std::size_t max_body_bytes = 4 * 1024 * 1024;
    // How long a kept-alive connection may sit between requests.
    std::chrono::seconds idle_timeout{75};
    // How long a client may take to send one request once it has begun.
    std::chrono::seconds read_timeout{30};
    // How long one write to a client may stall.
    std::chrono::seconds write_timeout{60};
    // The access log: a `request` line per request, and the share of
    // successful ones written (failures always are).
    bool access_log = true;
    double access_sample = 1.0;
    // Message content on a traced request's spans, at most this many bytes
    // of text per attribute; 0: none (telemetry.capture_content).
    std::size_t capture_content_bytes = 0;
};

// The Beast HTTP/1.1 server in front of an API (OpenAI's on the main port). Each event loop
// (io_context run by one thread) gets its own acceptor on the shared port
// (SO_REUSEPORT) and serves its connections without locks.
class HttpServer {
public:
    // `tracer` decides which requests are traced and takes their spans.
    HttpServer(HttpApi& api, observability::Logger& logger, observability::Tracer& tracer,
               HttpServerOptions options);
    ~HttpServer();

    // Opens an acceptor on `io` and starts accepting. The first call may ask
    // for port 0; later calls must pass the port it returned. Call before the
    // loops run.
    boost::asio::ip::tcp::endpoint listen(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& at);

    // Stops accepting. Idle connections close now, busy ones after the
    // response in progress. Thread-safe.
    void shutdown();
    // Closes every connection still open. Thread-safe.
    void terminate();

    std::size_t open_connections() const noexcept { return open_connections_.load(); }

    struct Loop;  // one event loop's acceptor and connections

private:
    HttpApi& api_;
    observability::Logger& logger_;
    observability::Tracer& tracer_;
    HttpServerOptions options_;
    std::vector<std::unique_ptr<Loop>> loops_;
    std::atomic<std::size_t> open_connections_{0};
};

}  // namespace llmgw::adapters
