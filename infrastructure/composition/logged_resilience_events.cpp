#include "infrastructure/composition/logged_resilience_events.hpp"

#include <string>

namespace llmgw::infrastructure {

void LoggedResilienceEvents::breaker_changed(const domain::Deployment& deployment, domain::BreakerState from,
                                             domain::BreakerState to) {
    metrics_.breaker_changed(deployment, to);
    const auto level =
        to == domain::BreakerState::closed ? observability::LogLevel::info : observability::LogLevel::warn;
    logger_.log(level, "circuit_breaker_changed",
                {{"model", deployment.model},
                 {"provider", deployment.provider},
                 {"upstream_model", deployment.upstream_model},
                 {"from", domain::to_string(from)},
                 {"to", domain::to_string(to)}});
}

void LoggedResilienceEvents::retrying(const domain::RequestContext& context, const domain::Deployment& deployment,
                                      int attempt, std::chrono::milliseconds delay, const domain::Error& failure) {
    metrics_.retried(deployment);
    const auto attempt_text = std::to_string(attempt);
    const auto delay_text = std::to_string(delay.count());
    logger_.info("upstream_retry", {{"request_id", context.request_id},
                                    {"model", deployment.model},
                                    {"provider", deployment.provider},
                                    {"attempt", attempt_text},
                                    {"delay_ms", delay_text},
                                    {"error", domain::to_string(failure.code)},
                                    {"message", failure.message}});
}

void LoggedResilienceEvents::failing_over(const domain::RequestContext& context, const domain::Deployment& from,
                                          const domain::Deployment& to, const domain::Error& failure) {
    metrics_.fell_back(from, to);
    logger_.info("upstream_failover", {{"request_id", context.request_id},
                                       {"model", from.model},
                                       {"provider", from.provider},
                                       {"to_model", to.model},
                                       {"to_provider", to.provider},
                                       {"error", domain::to_string(failure.code)},
                                       {"message", failure.message}});
}

}  // namespace llmgw::infrastructure
