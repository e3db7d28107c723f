#pragma once

#include <chrono>
#include <string_view>

#include "domain/outcome_window.hpp"

namespace llmgw::domain {

enum class BreakerState { closed, open, half_open };

std::string_view to_string(BreakerState state) noexcept;

struct BreakerPolicy {
    // Consecutive failures that open the breaker; 0 turns this trigger off.
    int failure_threshold = 5;
    // A failure rate over `window` that opens it, once at least
    // `min_requests` calls were made in the window; 0 turns this trigger off.
    double failure_rate = 0.0;
    std::chrono::milliseconds window{60'000};
    int min_requests = 20;
    // How long an open breaker rejects calls before it lets probes through.
    std::chrono::milliseconds cooldown{30'000};
    // Calls let through at once while half-open; as many successes close it,
    // one failure opens it again.
    int half_open_probes = 1;
};

// The circuit breaker of one deployment, as a state machine:
//
//   closed --(threshold or rate reached)--> open --(cooldown over)--> half_open
//   half_open --(all probes succeed)--> closed;  half_open --(a failure)--> open
//
// Every call that `try_acquire` lets through must end in exactly one of
// `on_success`, `on_failure` or `on_abandoned`. Not thread-safe; time is
// passed in, so tests move it by hand.
class CircuitBreaker {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    explicit CircuitBreaker(BreakerPolicy policy);

    // Whether a call may go out now. An open breaker whose cool-down is over
    // turns half-open here and lets the first probes through.
    bool try_acquire(TimePoint now);
    void on_success(TimePoint now);
    void on_failure(TimePoint now);
    // A call let through that ended without a verdict (the client left).
    void on_abandoned();

    BreakerState state() const noexcept { return state_; }
    // Whether a call made at `now` could go out, without taking a probe slot.
    bool would_allow(TimePoint now) const noexcept;
    // How long an open breaker still rejects calls; zero when it does not.
    std::chrono::milliseconds cooldown_left(TimePoint now) const noexcept;
    int consecutive_failures() const noexcept { return consecutive_failures_; }
    OutcomeWindow::Counts recent(TimePoint now) const { return window_.counts(now); }

private:
    void open(TimePoint now);

    BreakerPolicy policy_;
    BreakerState state_ = BreakerState::closed;
    OutcomeWindow window_;
    int consecutive_failures_ = 0;
    TimePoint opened_at_{};
    int probes_in_flight_ = 0;
    int probe_successes_ = 0;
};

}  // namespace llmgw::domain
