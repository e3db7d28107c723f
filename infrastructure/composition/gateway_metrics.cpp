#include "infrastructure/composition/gateway_metrics.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>

#include <unistd.h>

#include "domain/error.hpp"

namespace llmgw::infrastructure {

namespace {

using observability::MetricsRegistry;
using observability::Shown;

constexpr Shown dollars{9};  // nano-dollars shown as dollars

double resident_bytes() {
    long pages = 0;
    long resident = 0;
    if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(statm);
    }
    return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

double cpu_seconds() {
    timespec used{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &used);
    return static_cast<double>(used.tv_sec) + static_cast<double>(used.tv_nsec) / 1e9;
}

double open_fds() {
    std::error_code error;
    double count = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end; it.increment(error)) {
        ++count;
    }
    return count;
}

std::string_view or_none(std::string_view value) { return value.empty() ? std::string_view("none") : value; }

}  // namespace

GatewayMetrics::GatewayMetrics(std::vector<std::string> models, const observability::Tracer& tracer,
                               const observability::Logger& logger)
    : models_(std::move(models)),
      requests_(registry_.counter("llm_requests_total", "Requests answered, by the provider and model that served them and the HTTP status.",
                                  {"provider", "model", "status"})),
      durations_(registry_.histogram("llm_requests_duration_seconds", "Time from receiving a request to its last byte.",
                                     {"provider", "model"}, observability::request_duration_buckets_us())),
      tokens_(registry_.counter("llm_tokens_total", "Tokens billed, by type: input, output, cached_input, cache_write, reasoning.",
                                {"provider", "model", "token_type"})),
      errors_(registry_.counter("llm_errors_total", "Requests that ended in an error, by its code.",
                                {"provider", "model", "error_type"})),
      first_tokens_(registry_.histogram("llm_time_to_first_token_seconds", "Streams: time until the first content reached the client.",
                                        {"provider", "model"}, observability::first_token_buckets_us())),
      overhead_(registry_.histogram("llm_gateway_overhead_seconds",
                                    "Time the gateway itself added to requests that reached an upstream: total minus the upstream attempts.",
                                    {}, observability::overhead_buckets_us())),
      cost_(registry_.counter("llm_cost_usd_total", "What requests cost, in US dollars, exactly.",
                              {"provider", "model", "team", "project"}, dollars)),
      cache_requests_(registry_.counter("llm_cache_requests_total",
                                        "Requests the response cache or single flight took part in (chat, streamed or not, and embeddings), by result: hit, miss, coalesced or bypass.",
                                        {"result"})),
      guardrail_findings_(registry_.counter("llm_guardrail_findings_total",
                                            "What the content guardrails found, by kind (email, secret, an operator's pattern), direction (input, output) and action (redact, block, log).",
                                            {"entity", "direction", "action"})),
      cache_saved_(registry_.counter("llm_cache_saved_usd_total", "What answers from the gateway's cache would have cost.", {}, dollars)),
      cache_store_errors_(registry_.counter("llm_cache_store_errors_total",
                                            "Cache lookups that failed (Redis down, slow or refusing); each was a miss.", {})),
      attempts_(registry_.counter("llm_upstream_attempts_total",
                                  "Upstream attempts, by deployment and outcome: success or the failure's error code.",
                                  {"provider", "deployment", "outcome"})),
      retries_(registry_.counter("llm_retries_total", "Attempts retried on the same deployment after a transient failure.",
                                 {"provider", "deployment"})),
      fallbacks_(registry_.counter("llm_fallbacks_total", "Deployments given up on for the next one (a peer or a fallback model).",
                                   {"from", "to"})),
      rate_limited_(registry_.counter("llm_rate_limited_total",
                                      "Requests answered 429 rate_limited (an upstream's limit or a deployment's concurrency limit).",
                                      {"provider", "model"})),
      rate_limit_refusals_(registry_.counter("llm_rate_limit_refusals_total",
                                             "Requests refused by one of the gateway's own rate limits, by its scope "
                                             "(global, key, team, project, model) and what ran out (requests, tokens).",
                                             {"scope", "type"})),
      shared_state_unavailable_(registry_.counter("llm_shared_state_unavailable_total",
                                                  "Requests decided while the shared state (Redis) could not be reached, by store "
                                                  "(rate_limits, budgets) and action (local: on this instance's counters; reject: 503).",
                                                  {"store", "action"})),
      governance_(registry_.counter("llm_governance_violations_total", "Requests refused for a model their key may not use.",
                                    {"model", "source_agent"})),
      breaker_state_(registry_.gauge("llm_circuit_breaker_state", "Each deployment's breaker: 0 closed, 1 half-open, 2 open.",
                                     {"deployment"})),
      breaker_transitions_(registry_.counter("llm_circuit_breaker_transitions_total", "Breaker state changes, by the state entered.",
                                             {"deployment", "to"})),
      active_(registry_.gauge("llm_active_requests", "Upstream calls under way, by provider.", {"provider"})),
      budget_remaining_(registry_.gauge("llm_budget_remaining_usd",
                                        "What is left of each configured budget in its current period, in US dollars "
                                        "(limit minus spent and reserved).",
                                        {"scope", "name", "period"}, dollars)) {
    registry_.computed("process_resident_memory_bytes", "Resident memory size in bytes.", MetricsRegistry::Kind::gauge,
                       resident_bytes);
    registry_.computed("process_cpu_seconds_total", "User and system CPU time spent in seconds.",
                       MetricsRegistry::Kind::counter, cpu_seconds);
    registry_.computed("process_open_fds", "Number of open file descriptors.", MetricsRegistry::Kind::gauge, open_fds);
    registry_.computed("llm_telemetry_dropped_spans_total",
                       "Spans that never reached the trace collector (queue full, collector down or refusing).",
                       MetricsRegistry::Kind::counter, [&tracer] { return static_cast<double>(tracer.dropped()); });
    registry_.computed("llm_log_lines_dropped_total", "Log lines dropped because the log writer was behind.",
                       MetricsRegistry::Kind::counter, [&logger] { return static_cast<double>(logger.dropped()); });
}

std::string_view GatewayMetrics::known_model(std::string_view model) const {
    return std::find(models_.begin(), models_.end(), model) != models_.end() ? model : std::string_view("other");
}

void GatewayMetrics::request_finished(const domain::LedgerRow& row) {
    const auto provider = or_none(row.provider);
    // The model that served, else the one asked for if it is configured.
    const std::string_view model = row.served_model.empty() ? known_model(row.model) : row.served_model;
    const auto status = std::to_string(row.status);
    requests_.with({provider, model, status}).add();
    durations_.with({provider, model}).observe_us(row.latency_us);
    if (row.attempts > 0) overhead_.with({}).observe_us(std::max<std::int64_t>(row.latency_us - row.upstream_us, 0));
    if (row.ttft_ms) first_tokens_.with({provider, model}).observe_us(*row.ttft_ms * 1000);
    if (!row.error_code.empty()) errors_.with({provider, model, row.error_code}).add();
    if (row.error_code == domain::to_string(domain::ErrorCode::rate_limited)) rate_limited_.with({provider, model}).add();
    const auto& usage = row.usage;
    if (!row.cache_hit) {
        for (const auto& [type, tokens] : {std::pair{"input", usage.prompt_tokens}, {"output", usage.completion_tokens},
                                           {"cached_input", usage.cached_prompt_tokens},
                                           {"cache_write", usage.cache_write_prompt_tokens},
                                           {"reasoning", usage.reasoning_tokens}}) {
            if (tokens > 0) tokens_.with({provider, model, type}).add(static_cast<std::uint64_t>(tokens));
        }
    }
    if (row.cost.value > 0) {
        cost_.with({provider, model, or_none(row.caller.team), or_none(row.caller.project)})
            .add(static_cast<std::uint64_t>(row.cost.value));
    }
    if (row.cache != domain::CacheOutcome::none) cache_requests_.with({domain::to_string(row.cache)}).add();
    if (row.saved.value > 0) cache_saved_.with({}).add(static_cast<std::uint64_t>(row.saved.value));
    for (const auto& found : row.pii_findings) {
        guardrail_findings_.with({found.entity, domain::to_string(found.direction), domain::to_string(found.action)})
            .add(found.count);
    }
}

void GatewayMetrics::retried(const domain::Deployment& deployment) {
    retries_.with({deployment.provider, deployment.model}).add();
}

void GatewayMetrics::fell_back(const domain::Deployment& from, const domain::Deployment& to) {
    fallbacks_.with({from.model, to.model}).add();
}

void GatewayMetrics::governance_violation(std::string_view model, std::string_view source_agent) {
    governance_.with({known_model(model), or_none(source_agent)}).add();
}

void GatewayMetrics::breaker_changed(const domain::Deployment& deployment, domain::BreakerState to) {
    const auto name = deployment.provider + "/" + deployment.model;
    const std::int64_t value = to == domain::BreakerState::closed ? 0 : to == domain::BreakerState::half_open ? 1 : 2;
    breaker_state_.with({name}).set(value);
    breaker_transitions_.with({name, domain::to_string(to)}).add();
}

void GatewayMetrics::attempt_finished(const domain::Deployment& deployment, std::string_view outcome) {
    attempts_.with({deployment.provider, deployment.model, outcome}).add();
}

void GatewayMetrics::cache_store_failed() { cache_store_errors_.with({}).add(); }

void GatewayMetrics::rate_limit_refused(const domain::RateLimit& limit) {
    rate_limit_refusals_.with({domain::to_string(limit.scope), limit.counts_tokens() ? "tokens" : "requests"}).add();
}

void GatewayMetrics::shared_state_unavailable(std::string_view store, std::string_view action) {
    shared_state_unavailable_.with({store, action}).add();
}

void GatewayMetrics::set_active_requests(std::string_view provider, std::int64_t calls) {
    active_.with({provider}).set(calls);
}

void GatewayMetrics::set_budget_remaining(const domain::Budget& budget, domain::NanoDollars remaining) {
    const std::string_view name = budget.scope == domain::BudgetScope::global ? std::string_view("gateway") : budget.owner;
    budget_remaining_.with({domain::to_string(budget.scope), name, domain::to_string(budget.period)}).set(remaining.value);
}

void MeteredLedger::record(domain::LedgerRow row) noexcept {
    // Metrics that cannot be kept must not cost the row.
    try {
        metrics_.request_finished(row);
    } catch (const std::exception&) {
    }
    inner_.record(std::move(row));
}

}  // namespace llmgw::infrastructure
