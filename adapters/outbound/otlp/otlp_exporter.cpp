#include "adapters/outbound/otlp/otlp_exporter.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/field.hpp>

#include "adapters/outbound/common/upstream_error.hpp"
#include "observability/tracing/otlp_encoding.hpp"

namespace llmgw::adapters {
namespace asio = boost::asio;
namespace http = boost::beast::http;

namespace {

// OTLP/HTTP: these are worth another try; every other failure status is not.
bool retryable_status(unsigned status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
}

}  // namespace

OtlpExporter::OtlpExporter(OtlpExporterOptions options, observability::Tracer& tracer,
                           observability::TelemetryResource resource, const domain::Clock& clock,
                           observability::Logger& logger)
    : options_(std::move(options)), endpoint_(infrastructure::configured_endpoint(options_.url, "the OTLP traces endpoint")),
      target_(infrastructure::request_target(options_.url)), tracer_(tracer), resource_(std::move(resource)),
      clock_(clock), logger_(logger), tls_(infrastructure::verifying_tls_client()), jitter_(std::random_device{}()), loop_(options_.drain) {
    tracer_.on_batch_ready([this] {
        asio::post(loop_.executor(), [this] {
            if (wake_) wake_->cancel();
        });
    });
    asio::co_spawn(loop_.executor(), run(), asio::detached);
}

OtlpExporter::~OtlpExporter() {
    tracer_.on_batch_ready({});
    asio::post(loop_.executor(), [this] {
        stopping_ = true;
        if (wake_) wake_->cancel();
    });
}

asio::awaitable<void> OtlpExporter::run() {
    // Pooled connections live in this frame, and so end on this loop.
    infrastructure::HttpClient http(tls_, {.max_idle_per_upstream = 2}, &clock_);
    asio::steady_timer wake(co_await asio::this_coro::executor);
    wake_ = &wake;
    struct Forget {
        asio::steady_timer*& timer;
        ~Forget() { timer = nullptr; }
    } const forget{wake_};
    const std::size_t batch_spans = tracer_.options().batch_spans;
    while (!stopping_) {
        if (tracer_.queued() < batch_spans) {
            wake.expires_after(options_.schedule_delay);
            co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
        }
        // Everything queued goes out, a batch at a time, on schedule or on
        // shutdown; a full batch as soon as it is there.
        while (tracer_.queued() > 0) {
            auto batch = tracer_.take(batch_spans);
            if (batch.empty()) break;
            co_await export_batch(http, std::move(batch));
            if (!stopping_ && tracer_.queued() < batch_spans) break;
        }
    }
}

asio::awaitable<void> OtlpExporter::export_batch(infrastructure::HttpClient& http,
                                                 std::vector<observability::Span> batch) {
    const auto body = options_.json ? observability::encode_otlp_json(resource_, batch)
                                    : observability::encode_otlp_protobuf(resource_, batch);
    for (int attempt = 1;; ++attempt) {
        const auto failure = co_await post(http, body);
        if (!failure) {
            exported_.fetch_add(1, std::memory_order_release);
            co_return;
        }
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        const auto delay = domain::retry_delay(options_.retry, attempt, *failure, unit(jitter_));
        if (!delay || stopping_) {
            logger_.warn("otlp_export_failed", {{"spans", std::to_string(batch.size())},
                                                {"attempts", std::to_string(attempt)},
                                                {"error", failure->message}});
            tracer_.count_dropped(batch.size());
            co_return;
        }
        co_await clock_.sleep_for(*delay);
    }
}

asio::awaitable<std::optional<domain::Error>> OtlpExporter::post(infrastructure::HttpClient& http,
                                                                  const std::string& body) {
    infrastructure::HttpRequest request{http::verb::post, target_, 11};
    request.set(http::field::host, endpoint_.host_header());
    request.set(http::field::content_type, options_.json ? "application/json" : "application/x-protobuf");
    request.set(http::field::user_agent, "llm-gateway");
    for (const auto& [name, value] : options_.headers) request.set(name, value);
    request.body() = body;
    request.prepare_payload();
    auto response = co_await http.send(endpoint_, std::move(request), {options_.timeout, options_.timeout});
    if (!response) {
        auto failure = std::move(response).error();
        failure.transient = true;  // the collector is down or slow
        co_return failure;
    }
    const unsigned status = response.value().result_int();
    if (status >= 200 && status < 300) co_return std::nullopt;
    auto failure =
        domain::make_error(domain::ErrorCode::upstream_error, "the collector answered HTTP " + std::to_string(status));
    failure.transient = retryable_status(status);
    failure.retry_after = parse_retry_after(response.value()[http::field::retry_after], clock_.now());
    co_return failure;
}

}  // namespace llmgw::adapters
