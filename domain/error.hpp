#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <boost/outcome/result.hpp>
#include <boost/outcome/try.hpp>

namespace llmgw::domain {

// The failures a caller of the gateway can see. Protocol-neutral: each inbound
// adapter maps them to its own status codes and error objects.
enum class ErrorCode {
    invalid_request,
    model_not_found,
    model_not_allowed,
    // The caller's key may not do this (an operator's action, such as an
    // active health probe, without the admin key).
    forbidden,
    unauthorized,
    // An upstream's limit (its 429), or a deployment's concurrency limit.
    rate_limited,
    // One of the gateway's own rate limits (rate_limits, max_parallel):
    // never a deployment's fault, never retried elsewhere.
    rate_limit_exceeded,
    budget_exceeded,
    // The content guardrails refuse what the request holds (personal data
    // or a secret, by its kind, never its value).
    content_policy_violation,
    payload_too_large,
    upstream_timeout,
    upstream_unavailable,
    upstream_error,
    // The caller went away (closed its connection, or its request was
    // cancelled) before the answer was complete. Never the deployment's
    // fault, never transient: nothing is retried for nobody.
    client_closed,
    // The gateway cannot record spend (its cost ledger's queue is full):
    // nothing is spent that could not be booked. The gateway's own state,
    // never a deployment's fault.
    ledger_unavailable,
    // The state the gateway's instances share (rate-limit counters, budget
    // reservations in Redis) cannot be reached, and `shared_state.on_down`
    // says to refuse rather than count on this instance alone.
    shared_state_unavailable,
    internal,
};

std::string_view to_string(ErrorCode code) noexcept;

struct Error {
    ErrorCode code = ErrorCode::internal;
    // Safe to show to the caller: never holds credentials.
    std::string message;
    // The request field the error is about, when there is one.
    std::string param;
    // How long the caller should wait before trying again, when known.
    std::optional<std::chrono::seconds> retry_after;
    // The failure says nothing about the request: the same call may well
    // succeed if made again (overload, rate limit, timeout, dropped
    // connection). Only transient failures are retried.
    bool transient = false;
    // For rate_limit_exceeded: what ran out, "requests" or "tokens" (the
    // type OpenAI gives such an error).
    std::string exhausted;
};

Error make_error(ErrorCode code, std::string message, std::string param = {});
Error make_transient_error(ErrorCode code, std::string message);

// Whether another deployment (a load-balanced peer or a fallback model) may
// serve a request that failed with `error`: yes for everything that is the
// deployment's fault (transient failures, rejected credentials, a model the
// upstream does not know), no for what is the request's or the caller's own
// (bad input, budgets, a client that went away).
bool another_deployment_may_serve(const Error& error) noexcept;

// Expected failures travel as values. Reading the value of a failed result is
// a programming error and terminates.
template <class T>
using Result = boost::outcome_v2::result<T, Error, boost::outcome_v2::policy::terminate>;

inline Result<void> success() { return boost::outcome_v2::success(); }

}  // namespace llmgw::domain
