#pragma once

#include <atomic>
#include <cstdint>

#include "application/access_policy.hpp"
#include "observability/logger.hpp"

namespace llmgw::infrastructure {

// Access refusals as structured log lines (`governance_violation`, a
// warning), counted for the metrics to come.
class LoggedAccessEvents final : public application::AccessEvents {
public:
    explicit LoggedAccessEvents(observability::Logger& logger) : logger_(logger) {}

    void governance_violation(const domain::RequestContext& context, std::string_view model) override;

    std::uint64_t governance_violations() const noexcept { return violations_.load(std::memory_order_relaxed); }

private:
    observability::Logger& logger_;
    std::atomic<std::uint64_t> violations_{0};
};

}  // namespace llmgw::infrastructure
