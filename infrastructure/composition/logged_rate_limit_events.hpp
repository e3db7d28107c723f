#pragma once

#include "application/rate_limiting.hpp"
#include "infrastructure/composition/gateway_metrics.hpp"
#include "observability/logger.hpp"

namespace llmgw::infrastructure {

// Rate-limit refusals as debug log lines (`rate_limit_exceeded`: the
// access line already shows each refused request's 429) and in the
// metrics (llm_rate_limit_refusals_total, by scope and type).
class LoggedRateLimitEvents final : public application::RateLimitEvents {
public:
    LoggedRateLimitEvents(observability::Logger& logger, GatewayMetrics& metrics) : logger_(logger), metrics_(metrics) {}

    void refused(const domain::RequestContext& context, const domain::RateLimit& limit) override;

private:
    observability::Logger& logger_;
    GatewayMetrics& metrics_;
};

}  // namespace llmgw::infrastructure
