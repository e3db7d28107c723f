#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "domain/ports/clock.hpp"
#include "domain/retry_policy.hpp"
#include "infrastructure/background_loop.hpp"
#include "infrastructure/http/endpoint.hpp"
#include "infrastructure/http/http_client.hpp"
#include "observability/logger.hpp"
#include "observability/tracing/tracer.hpp"

namespace llmgw::adapters {

struct OtlpExporterOptions {
    std::string url;    // the collector's traces URL: http(s)://host:4318/v1/traces
    bool json = false;  // http/json; else http/protobuf
    std::vector<std::pair<std::string, std::string>> headers;  // secrets: never logged
    std::chrono::milliseconds timeout{10'000};                 // one export, connecting included
    std::chrono::milliseconds schedule_delay{5'000};           // between exports while spans trickle in
    // Exports that are retried (OTLP/HTTP: connection failures, 429, 502,
    // 503, 504, after their Retry-After); any other failure drops the batch.
    domain::RetryPolicy retry{.max_attempts = 5,
                              .base = std::chrono::milliseconds(1'000),
                              .max = std::chrono::milliseconds(5'000),
                              .max_retry_after = std::chrono::milliseconds(30'000)};
    // How long shutdown waits for the last spans to go out.
    std::chrono::milliseconds drain{5'000};
};

// The batch span processor and OTLP/HTTP exporter in one, on a thread of
// its own: every schedule delay, or as soon as a batch is ready, it takes
// the Tracer's queued spans and POSTs them in batches to the collector.
// A collector that is down or slow costs requests nothing: the Tracer's
// queue is bounded, and what does not fit, or what the collector refuses or
// never takes, is counted as dropped (Tracer::dropped). Shutdown exports
// what is still queued (one attempt per batch, within `drain`).
class OtlpExporter {
public:
    // Throws std::invalid_argument for a URL that is not http(s).
    OtlpExporter(OtlpExporterOptions options, observability::Tracer& tracer, observability::TelemetryResource resource,
                 const domain::Clock& clock, observability::Logger& logger);
    ~OtlpExporter();

    // Batches delivered to the collector so far (a reader also sees what
    // the exporter did before the last one).
    std::uint64_t exported_batches() const noexcept { return exported_.load(std::memory_order_acquire); }

private:
    boost::asio::awaitable<void> run();
    boost::asio::awaitable<void> export_batch(infrastructure::HttpClient& http, std::vector<observability::Span> batch);
    // One POST: nothing when the collector took the batch.
    boost::asio::awaitable<std::optional<domain::Error>> post(infrastructure::HttpClient& http, const std::string& body);

    const OtlpExporterOptions options_;
    const infrastructure::Endpoint endpoint_;
    const std::string target_;
    observability::Tracer& tracer_;
    const observability::TelemetryResource resource_;
    const domain::Clock& clock_;
    observability::Logger& logger_;
    boost::asio::ssl::context tls_;
    std::minstd_rand jitter_;  // used on the exporter's loop only
    std::atomic<std::uint64_t> exported_{0};
    bool stopping_ = false;  // on the exporter's loop only
    // The timer `run` waits on (it lives in run's frame, and so ends on the
    // loop, before the loop does); null while run is not running. On the
    // exporter's loop only.
    boost::asio::steady_timer* wake_ = nullptr;
    // Last, so that it stops (and its work ends) before the rest goes.
    infrastructure::BackgroundLoop loop_;
};

}  // namespace llmgw::adapters
