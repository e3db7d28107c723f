#pragma once

#include "adapters/inbound/http/http_api.hpp"
#include "application/access_policy.hpp"
#include "observability/metrics/metrics.hpp"

namespace llmgw::adapters {

// The telemetry port (`telemetry.metrics_listen`): `GET /metrics` and
// `GET /healthz`, and nothing a model call could reach, so that the port
// can be opened to the scrapers' network alone. With `admin_only`
// (`telemetry.metrics_auth`) /metrics wants the admin key, as on the main port.
class TelemetryApi final : public HttpApi {
public:
    TelemetryApi(const observability::MetricsRegistry& registry, application::AccessPolicy access, bool admin_only)
        : registry_(registry), access_(access), admin_only_(admin_only) {}

    boost::asio::awaitable<void> handle(const Request& request, Exchange& exchange) override;

private:
    const observability::MetricsRegistry& registry_;
    application::AccessPolicy access_;
    bool admin_only_;
};

}  // namespace llmgw::adapters
