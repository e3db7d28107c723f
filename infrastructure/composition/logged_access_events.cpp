#include "infrastructure/composition/logged_access_events.hpp"

namespace llmgw::infrastructure {

void LoggedAccessEvents::governance_violation(const domain::RequestContext& context, std::string_view model) {
    metrics_.governance_violation(model, context.caller.source_agent);
    logger_.warn("governance_violation", {{"request_id", context.request_id},
                                          {"key", context.caller.api_key_id},
                                          {"team", context.caller.team},
                                          {"project", context.caller.project},
                                          {"model", model},
                                          {"source_agent", context.caller.source_agent}});
}

}  // namespace llmgw::infrastructure
