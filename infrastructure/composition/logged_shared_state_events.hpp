#pragma once

#include "application/shared_state_fallback.hpp"
#include "infrastructure/composition/gateway_metrics.hpp"
#include "observability/logger.hpp"

namespace llmgw::infrastructure {

// The shared state's Redis going away and coming back as log lines (once
// per change and store), and every request decided without it counted
// (llm_shared_state_unavailable_total, by store and action).
class LoggedSharedStateEvents final : public application::SharedStateEvents {
public:
    LoggedSharedStateEvents(observability::Logger& logger, GatewayMetrics& metrics) : logger_(logger), metrics_(metrics) {}

    void unavailable(application::SharedStore store, std::string_view why,
                     application::OnSharedStateDown action) override;
    void available(application::SharedStore store) override;
    void decided_without(application::SharedStore store, application::OnSharedStateDown action) override;

private:
    observability::Logger& logger_;
    GatewayMetrics& metrics_;
};

}  // namespace llmgw::infrastructure
