#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <utility>

#include "application/resilience_events.hpp"
#include "domain/circuit_breaker.hpp"
#include "domain/deployment.hpp"

namespace llmgw::application {

// The live state of one deployment, shared by every event loop: its circuit
// breaker, calls under way and smoothed latency. Each method holds a short
// lock and never waits.
class DeploymentHealth {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    DeploymentHealth(const domain::Deployment& deployment, domain::BreakerPolicy policy, ResilienceEvents& events);

    // One call let through by the breaker, counted in flight until it ends
    // in exactly one of succeeded, failed or abandoned. A permit dropped
    // without a verdict (an exception, a coroutine destroyed mid-call)
    // counts as abandoned, so no path leaves a call in flight for ever.
    class CallPermit {
    public:
        explicit CallPermit(DeploymentHealth& health) : health_(&health) {}
        CallPermit(CallPermit&& other) noexcept : health_(std::exchange(other.health_, nullptr)) {}
        CallPermit& operator=(CallPermit&&) = delete;
        ~CallPermit() { abandoned(); }

        void succeeded(TimePoint now, std::chrono::microseconds latency);
        void failed(TimePoint now);
        // The call ended for a reason that says nothing about the deployment
        // (the client left, the request was at fault).
        void abandoned();

    private:
        DeploymentHealth* health_;
    };

    // A permit when a call may go out now (the breaker's verdict).
    std::optional<CallPermit> try_acquire(TimePoint now);

    struct Snapshot {
        domain::BreakerState breaker = domain::BreakerState::closed;
        bool accepting = true;  // whether a call made now could go out
        int consecutive_failures = 0;
        domain::OutcomeWindow::Counts recent;
        std::optional<double> latency_ms;
        int in_flight = 0;
        std::int64_t breaker_transitions = 0;
    };
    Snapshot snapshot(TimePoint now) const;

    // What the balancer needs on every request: cheaper than a snapshot,
    // which sums the outcome window.
    struct BalancingView {
        bool accepting = true;
        int in_flight = 0;
        std::optional<double> latency_ms;
    };
    BalancingView balancing_view(TimePoint now) const;

    // How long until an open breaker lets a probe through; zero otherwise.
    std::chrono::milliseconds cooldown_left(TimePoint now) const;

private:
    void succeeded(TimePoint now, std::chrono::microseconds latency);
    void failed(TimePoint now);
    void abandoned();

    // Runs `change` on the breaker and reports a state change, if it made one.
    template <class Change>
    void on_breaker(Change change);

    const domain::Deployment& deployment_;
    ResilienceEvents& events_;
    mutable std::mutex mutex_;
    domain::CircuitBreaker breaker_;
    int in_flight_ = 0;
    std::optional<double> latency_ms_;
    std::int64_t transitions_ = 0;
};

}  // namespace llmgw::application
