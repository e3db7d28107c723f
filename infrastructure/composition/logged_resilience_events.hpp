#pragma once

#include "application/resilience_events.hpp"
#include "infrastructure/composition/gateway_metrics.hpp"
#include "observability/logger.hpp"

namespace llmgw::infrastructure {

// Resilience events as log lines: breaker changes as warnings (closing as
// information), retries and failovers as information, with the request id;
// and in the metrics. Error messages are the domain's, which never hold
// credentials.
class LoggedResilienceEvents final : public application::ResilienceEvents {
public:
    LoggedResilienceEvents(observability::Logger& logger, GatewayMetrics& metrics)
        : logger_(logger), metrics_(metrics) {}

    void breaker_changed(const domain::Deployment& deployment, domain::BreakerState from,
                         domain::BreakerState to) override;
    void retrying(const domain::RequestContext& context, const domain::Deployment& deployment, int attempt,
                  std::chrono::milliseconds delay, const domain::Error& failure) override;
    void failing_over(const domain::RequestContext& context, const domain::Deployment& from, const domain::Deployment& to,
                      const domain::Error& failure) override;
    void attempt_finished(const domain::Deployment& deployment, std::string_view outcome) override {
        metrics_.attempt_finished(deployment, outcome);
    }

private:
    observability::Logger& logger_;
    GatewayMetrics& metrics_;
};

}  // namespace llmgw::infrastructure
