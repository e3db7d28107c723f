#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/budget.hpp"
#include "domain/circuit_breaker.hpp"
#include "domain/deployment.hpp"
#include "domain/ledger_row.hpp"
#include "domain/ports/cost_ledger.hpp"
#include "domain/rate_limit.hpp"
#include "observability/logger.hpp"
#include "observability/metrics/metrics.hpp"
#include "observability/tracing/tracer.hpp"

namespace llmgw::infrastructure {

// The gateway's Prometheus metrics (docs/operations.md#metrics): what each
// request's ledger row says about it, the resilience and governance events,
// and the process. Labels are bounded: models, providers, teams and
// projects come from the configuration, statuses and error codes from
// short fixed lists; never a request id or anything a caller wrote.
class GatewayMetrics {
public:
    // `models`: the configured model names, the only ones used as labels
    // for what a caller asked (others are "other"). `tracer` and `logger`
    // (borrowed) tell how many spans and log lines were dropped.
    GatewayMetrics(std::vector<std::string> models, const observability::Tracer& tracer,
                   const observability::Logger& logger);

    // Everything a finished request's row tells.
    void request_finished(const domain::LedgerRow& row);
    void retried(const domain::Deployment& deployment);
    void fell_back(const domain::Deployment& from, const domain::Deployment& to);
    void governance_violation(std::string_view model, std::string_view source_agent);
    void breaker_changed(const domain::Deployment& deployment, domain::BreakerState to);
    void attempt_finished(const domain::Deployment& deployment, std::string_view outcome);
    void cache_store_failed();
    void rate_limit_refused(const domain::RateLimit& limit);
    // A request decided without the shared state (Redis down): by `store`
    // (rate_limits, budgets) and `action` (local, reject).
    void shared_state_unavailable(std::string_view store, std::string_view action);

    // What lives elsewhere, set before every scrape by `refresh`: the calls
    // under way at each provider and what is left of each budget.
    void on_scrape(std::function<void()> refresh) { registry_.on_scrape(std::move(refresh)); }
    void set_active_requests(std::string_view provider, std::int64_t calls);
    void set_budget_remaining(const domain::Budget& budget, domain::NanoDollars remaining);

    const observability::MetricsRegistry& registry() const noexcept { return registry_; }

private:
    std::string_view known_model(std::string_view model) const;

    const std::vector<std::string> models_;
    observability::MetricsRegistry registry_;
    observability::Family<observability::Counter>& requests_;
    observability::Family<observability::Histogram>& durations_;
    observability::Family<observability::Counter>& tokens_;
    observability::Family<observability::Counter>& errors_;
    observability::Family<observability::Histogram>& first_tokens_;
    observability::Family<observability::Histogram>& overhead_;
    observability::Family<observability::Counter>& cost_;
    observability::Family<observability::Counter>& cache_requests_;
    observability::Family<observability::Counter>& guardrail_findings_;
    observability::Family<observability::Counter>& cache_saved_;
    observability::Family<observability::Counter>& cache_store_errors_;
    observability::Family<observability::Counter>& attempts_;
    observability::Family<observability::Counter>& retries_;
    observability::Family<observability::Counter>& fallbacks_;
    observability::Family<observability::Counter>& rate_limited_;
    observability::Family<observability::Counter>& rate_limit_refusals_;
    observability::Family<observability::Counter>& shared_state_unavailable_;
    observability::Family<observability::Counter>& governance_;
    observability::Family<observability::Gauge>& breaker_state_;
    observability::Family<observability::Counter>& breaker_transitions_;
    observability::Family<observability::Gauge>& active_;
    observability::Family<observability::Gauge>& budget_remaining_;
};

// A cost ledger that tells the metrics about every row before the ledger
// behind it keeps it.
class MeteredLedger final : public domain::CostLedger {
public:
    MeteredLedger(domain::CostLedger& inner, GatewayMetrics& metrics) : inner_(inner), metrics_(metrics) {}

    void record(domain::LedgerRow row) noexcept override;
    bool accepting() const noexcept override { return inner_.accepting(); }

private:
    domain::CostLedger& inner_;
    GatewayMetrics& metrics_;
};

}  // namespace llmgw::infrastructure
