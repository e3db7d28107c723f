#include "infrastructure/composition/logged_access_events.hpp"

namespace llmgw::infrastructure {

void LoggedAccessEvents::governance_violation(const domain::RequestContext& context, std::string_view model) {
    violations_.fetch_add(1, std::memory_order_relaxed);
    logger_.warn("governance_violation", {{"request_id", context.request_id},
                                          {"key", context.caller.api_key_id},
                                          {"team", context.caller.team},
                                          {"project", context.caller.project},
                                          {"model", model}});
}

}  // namespace llmgw::infrastructure
