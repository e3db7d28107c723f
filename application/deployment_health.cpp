#include "application/deployment_health.hpp"

namespace llmgw::application {
namespace {

// Weight of the newest sample in the smoothed latency: recent enough to
// follow a provider that slows down, steady enough to ignore one outlier.
constexpr double latency_smoothing = 0.3;

}  // namespace

DeploymentHealth::DeploymentHealth(const domain::Deployment& deployment, domain::BreakerPolicy policy,
                                   ResilienceEvents& events)
    : deployment_(deployment), events_(events), breaker_(policy) {}

template <class Change>
void DeploymentHealth::on_breaker(Change change) {
    domain::BreakerState before;
    domain::BreakerState after;
    {
        std::lock_guard lock(mutex_);
        before = breaker_.state();
        change();
        after = breaker_.state();
        if (before == after) return;
        ++transitions_;
    }
    events_.breaker_changed(deployment_, before, after);
}

std::optional<DeploymentHealth::CallPermit> DeploymentHealth::try_acquire(TimePoint now) {
    bool allowed = false;
    on_breaker([&] {
        allowed = breaker_.try_acquire(now);
        if (allowed) ++in_flight_;
    });
    if (!allowed) return std::nullopt;
    return CallPermit(*this);
}

void DeploymentHealth::CallPermit::succeeded(TimePoint now, std::chrono::microseconds latency) {
    if (auto* health = std::exchange(health_, nullptr)) health->succeeded(now, latency);
}

void DeploymentHealth::CallPermit::failed(TimePoint now) {
    if (auto* health = std::exchange(health_, nullptr)) health->failed(now);
}

void DeploymentHealth::CallPermit::abandoned() {
    if (auto* health = std::exchange(health_, nullptr)) health->abandoned();
}

void DeploymentHealth::succeeded(TimePoint now, std::chrono::microseconds latency) {
    on_breaker([&] {
        breaker_.on_success(now);
        --in_flight_;
        const double sample = std::chrono::duration<double, std::milli>(latency).count();
        latency_ms_ = latency_ms_ ? *latency_ms_ + latency_smoothing * (sample - *latency_ms_) : sample;
    });
}

void DeploymentHealth::failed(TimePoint now) {
    on_breaker([&] {
        breaker_.on_failure(now);
        --in_flight_;
    });
}

void DeploymentHealth::abandoned() {
    on_breaker([&] {
        breaker_.on_abandoned();
        --in_flight_;
    });
}

std::chrono::milliseconds DeploymentHealth::cooldown_left(TimePoint now) const {
    std::lock_guard lock(mutex_);
    return breaker_.cooldown_left(now);
}

DeploymentHealth::Snapshot DeploymentHealth::snapshot(TimePoint now) const {
    std::lock_guard lock(mutex_);
    return Snapshot{breaker_.state(),  breaker_.would_allow(now), breaker_.consecutive_failures(),
                    breaker_.recent(now), latency_ms_,                in_flight_,
                    transitions_};
}

DeploymentHealth::BalancingView DeploymentHealth::balancing_view(TimePoint now) const {
    std::lock_guard lock(mutex_);
    return BalancingView{breaker_.would_allow(now), in_flight_, latency_ms_};
}

}  // namespace llmgw::application
