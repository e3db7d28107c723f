#pragma once

#include "application/access_policy.hpp"
#include "infrastructure/composition/gateway_metrics.hpp"
#include "observability/logger.hpp"

namespace llmgw::infrastructure {

// Access refusals as structured log lines (`governance_violation`, a
// warning) and in the metrics (llm_governance_violations_total).
class LoggedAccessEvents final : public application::AccessEvents {
public:
    LoggedAccessEvents(observability::Logger& logger, GatewayMetrics& metrics) : logger_(logger), metrics_(metrics) {}

    void governance_violation(const domain::RequestContext& context, std::string_view model) override;

private:
    observability::Logger& logger_;
    GatewayMetrics& metrics_;
};

}  // namespace llmgw::infrastructure
