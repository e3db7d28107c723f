#include "domain/error.hpp"

namespace llmgw::domain {

std::string_view to_string(ErrorCode code) noexcept {
    switch (code) {
    case ErrorCode::invalid_request: return "invalid_request";
    case ErrorCode::model_not_found: return "model_not_found";
    case ErrorCode::model_not_allowed: return "model_not_allowed";
    case ErrorCode::forbidden: return "forbidden";
    case ErrorCode::unauthorized: return "unauthorized";
    case ErrorCode::rate_limited: return "rate_limited";
    case ErrorCode::rate_limit_exceeded: return "rate_limit_exceeded";
    case ErrorCode::budget_exceeded: return "budget_exceeded";
    case ErrorCode::content_policy_violation: return "content_policy_violation";
    case ErrorCode::payload_too_large: return "payload_too_large";
    case ErrorCode::upstream_timeout: return "upstream_timeout";
    case ErrorCode::upstream_unavailable: return "upstream_unavailable";
    case ErrorCode::upstream_error: return "upstream_error";
    case ErrorCode::client_closed: return "client_closed";
    case ErrorCode::ledger_unavailable: return "ledger_unavailable";
    case ErrorCode::shared_state_unavailable: return "shared_state_unavailable";
    case ErrorCode::internal: return "internal";
    }
    return "internal";
}

Error make_error(ErrorCode code, std::string message, std::string param) {
    return Error{code, std::move(message), std::move(param), std::nullopt, false};
}

Error make_transient_error(ErrorCode code, std::string message) {
    return Error{code, std::move(message), {}, std::nullopt, true};
}

bool another_deployment_may_serve(const Error& error) noexcept {
    if (error.code == ErrorCode::client_closed) return false;
    if (error.transient) return true;
    switch (error.code) {
    case ErrorCode::upstream_error:
    case ErrorCode::upstream_timeout:
    case ErrorCode::upstream_unavailable:
    case ErrorCode::rate_limited:
    case ErrorCode::model_not_found: return true;
    case ErrorCode::invalid_request:
    case ErrorCode::model_not_allowed:
    case ErrorCode::forbidden:
    case ErrorCode::unauthorized:
    case ErrorCode::rate_limit_exceeded:
    case ErrorCode::budget_exceeded:
    case ErrorCode::content_policy_violation:
    case ErrorCode::payload_too_large:
    case ErrorCode::client_closed:
    case ErrorCode::ledger_unavailable:
    case ErrorCode::shared_state_unavailable:
    case ErrorCode::internal: return false;
    }
    return false;
}

}  // namespace llmgw::domain
