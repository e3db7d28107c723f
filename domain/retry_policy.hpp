#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "domain/error.hpp"

namespace llmgw::domain {

enum class Backoff { exponential, linear, fibonacci };

std::optional<Backoff> backoff_from(std::string_view name) noexcept;

// How often, and how far apart, a deployment is tried again after a
// transient failure.
struct RetryPolicy {
    // Attempts on one deployment, the first included; 1 means no retry.
    int max_attempts = 3;
    Backoff backoff = Backoff::exponential;
    // The first retry's ceiling; the n-th grows from it by the strategy.
    std::chrono::milliseconds base{200};
    // No ceiling grows past this.
    std::chrono::milliseconds max{10'000};
    // The longest upstream Retry-After the gateway waits out; a longer one
    // ends the retries on that deployment at once.
    std::chrono::milliseconds max_retry_after{30'000};
};

// The ceiling before the `retry`-th retry (1 for the first): base, then
// base * 2^(n-1), base * n or base * fib(n) by strategy, capped at max.
std::chrono::milliseconds backoff_ceiling(const RetryPolicy& policy, int retry) noexcept;

// How long to wait before the `retry`-th retry after `failure`, or none when
// it must not be retried: not transient, attempts used up, or an upstream
// Retry-After beyond the policy's limit. The wait is "full jitter" — uniform
// in [0, ceiling), `unit_random` being a draw from [0, 1) — so that clients
// failing together do not retry together; an upstream Retry-After raises it
// to at least that long.
std::optional<std::chrono::milliseconds> retry_delay(const RetryPolicy& policy, int retry, const Error& failure,
                                                     double unit_random) noexcept;

}  // namespace llmgw::domain
