#include "infrastructure/composition/logged_shared_state_events.hpp"

namespace llmgw::infrastructure {
namespace {

std::string_view action_name(application::OnSharedStateDown action) noexcept {
    return action == application::OnSharedStateDown::reject ? "reject" : "local";
}

}  // namespace

void LoggedSharedStateEvents::unavailable(application::SharedStore store, std::string_view why,
                                          application::OnSharedStateDown action) {
    logger_.warn("shared_state_unavailable",
                 {{"store", application::to_string(store)},
                  {"error", why},
                  {"on_down", action_name(action)},
                  {"detail", action == application::OnSharedStateDown::reject
                                 ? "requests are refused (503 shared_state_unavailable) until it is back"
                                 : "this instance counts alone until it is back: N instances may admit up to N times "
                                   "a limit"}});
}

void LoggedSharedStateEvents::available(application::SharedStore store) {
    logger_.info("shared_state_available", {{"store", application::to_string(store)}});
}

void LoggedSharedStateEvents::decided_without(application::SharedStore store, application::OnSharedStateDown action) {
    metrics_.shared_state_unavailable(application::to_string(store), action_name(action));
}

}  // namespace llmgw::infrastructure
