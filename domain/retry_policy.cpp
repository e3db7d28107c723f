#include "domain/retry_policy.hpp"

#include <algorithm>

namespace llmgw::domain {

std::optional<Backoff> backoff_from(std::string_view name) noexcept {
    if (name == "exponential") return Backoff::exponential;
    if (name == "linear") return Backoff::linear;
    if (name == "fibonacci") return Backoff::fibonacci;
    return std::nullopt;
}

std::chrono::milliseconds backoff_ceiling(const RetryPolicy& policy, int retry) noexcept {
    const long long base = policy.base.count();
    const long long cap = policy.max.count();
    if (base <= 0) return std::chrono::milliseconds(0);
    // Grow step by step and stop at the cap, so that no step can overflow.
    long long ceiling = base;
    long long previous = 0;  // fibonacci: the ceiling before this one
    for (int n = 2; n <= retry && ceiling < cap; ++n) {
        switch (policy.backoff) {
        case Backoff::exponential: ceiling *= 2; break;
        case Backoff::linear: ceiling += base; break;
        case Backoff::fibonacci: {  // 1, 1, 2, 3, 5, ... times base
            const long long next = ceiling + previous;
            previous = ceiling;
            ceiling = next;
            break;
        }
        }
    }
    return std::chrono::milliseconds(std::min(ceiling, cap));
}

std::optional<std::chrono::milliseconds> retry_delay(const RetryPolicy& policy, int retry, const Error& failure,
                                                     double unit_random) noexcept {
    if (!failure.transient || retry < 1 || retry >= policy.max_attempts) return std::nullopt;
    const double draw = std::clamp(unit_random, 0.0, 1.0);
    auto wait = std::chrono::milliseconds(static_cast<long long>(backoff_ceiling(policy, retry).count() * draw));
    if (failure.retry_after) {
        const auto asked = std::chrono::duration_cast<std::chrono::milliseconds>(*failure.retry_after);
        if (asked > policy.max_retry_after) return std::nullopt;
        wait = std::max(wait, asked);
    }
    return wait;
}

}  // namespace llmgw::domain
