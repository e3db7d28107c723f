#include "domain/circuit_breaker.hpp"

#include <algorithm>

namespace llmgw::domain {

std::string_view to_string(BreakerState state) noexcept {
    switch (state) {
    case BreakerState::closed: return "closed";
    case BreakerState::open: return "open";
    case BreakerState::half_open: return "half_open";
    }
    return "closed";
}

CircuitBreaker::CircuitBreaker(BreakerPolicy policy) : policy_(policy), window_(policy.window) {
    policy_.half_open_probes = std::max(policy_.half_open_probes, 1);
}

bool CircuitBreaker::would_allow(TimePoint now) const noexcept {
    switch (state_) {
    case BreakerState::closed: return true;
    case BreakerState::open: return now - opened_at_ >= policy_.cooldown;
    case BreakerState::half_open: return probes_in_flight_ + probe_successes_ < policy_.half_open_probes;
    }
    return true;
}

std::chrono::milliseconds CircuitBreaker::cooldown_left(TimePoint now) const noexcept {
    if (state_ != BreakerState::open) return std::chrono::milliseconds(0);
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(opened_at_ + policy_.cooldown - now);
    return std::max(left, std::chrono::milliseconds(0));
}

bool CircuitBreaker::try_acquire(TimePoint now) {
    if (state_ == BreakerState::open && now - opened_at_ >= policy_.cooldown) {
        state_ = BreakerState::half_open;
        probes_in_flight_ = 0;
        probe_successes_ = 0;
    }
    if (!would_allow(now)) return false;
    if (state_ == BreakerState::half_open) ++probes_in_flight_;
    return true;
}

void CircuitBreaker::on_success(TimePoint now) {
    window_.record(true, now);
    consecutive_failures_ = 0;
    if (state_ != BreakerState::half_open) return;
    probes_in_flight_ = std::max(probes_in_flight_ - 1, 0);
    if (++probe_successes_ >= policy_.half_open_probes) state_ = BreakerState::closed;
}

void CircuitBreaker::on_failure(TimePoint now) {
    window_.record(false, now);
    ++consecutive_failures_;
    switch (state_) {
    case BreakerState::half_open: open(now); return;
    case BreakerState::open: return;  // a call let through before it opened
    case BreakerState::closed: break;
    }
    const bool too_many_in_a_row = policy_.failure_threshold > 0 && consecutive_failures_ >= policy_.failure_threshold;
    const auto recent = window_.counts(now);
    const bool rate_too_high = policy_.failure_rate > 0 && recent.total() >= policy_.min_requests &&
                               recent.failure_rate() >= policy_.failure_rate;
    if (too_many_in_a_row || rate_too_high) open(now);
}

void CircuitBreaker::on_abandoned() {
    if (state_ == BreakerState::half_open) probes_in_flight_ = std::max(probes_in_flight_ - 1, 0);
}

void CircuitBreaker::open(TimePoint now) {
    state_ = BreakerState::open;
    opened_at_ = now;
    probes_in_flight_ = 0;
    probe_successes_ = 0;
}

}  // namespace llmgw::domain
