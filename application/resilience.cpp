#include "application/resilience.hpp"

#include <random>

namespace llmgw::application {
namespace asio = boost::asio;

Resilience::Resilience(ModelRouter& router, const domain::Clock& clock, ResilienceEvents& events, UnitRandom random)
    : router_(router), clock_(clock), events_(events), random_(random) {}

double Resilience::default_random() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

AttemptDeadline::Duration Resilience::total_limit(const domain::RequestContext& context,
                                                  const RoutePolicy& policy) const {
    auto limit = policy.timeouts.total;
    if (!context.deadline) return limit;
    // Rounded up, so that the attempt never ends before the request's
    // deadline (truncated, it ended a fraction of a millisecond early, and
    // the time "left" bought a pointless retry that could still answer); at
    // least a millisecond, since zero would mean "no limit".
    const auto left = std::max(std::chrono::ceil<std::chrono::milliseconds>(*context.deadline - clock_.monotonic()),
                               std::chrono::milliseconds(1));
    return limit.count() > 0 ? std::min(limit, left) : left;
}

domain::Attempt Resilience::next_attempt(const domain::RequestContext& context, const Route& route,
                                         int& attempts) const {
    domain::Attempt attempt{.upstream_model = route.deployment.upstream_model,
                            .number = ++attempts,
                            .trace = context.trace.child(domain::random_span_id())};
    // What the upstream may use: the limit of this attempt, the deployment's
    // or what is left of the request's own.
    if (const auto limit = total_limit(context, route.policy); limit.count() > 0) attempt.time_left = limit;
    return attempt;
}

bool Resilience::past_deadline(const domain::RequestContext& context, std::chrono::milliseconds after) const {
    return context.deadline && clock_.monotonic() + after >= *context.deadline;
}

void Resilience::book_failure(DeploymentHealth::CallPermit& permit, const domain::Error& failure) const {
    if (domain::another_deployment_may_serve(failure)) {
        permit.failed(clock_.monotonic());
    } else {
        permit.abandoned();
    }
}

asio::awaitable<std::optional<ConcurrencyLimiter::Slot>> Resilience::take_place(
    const domain::RequestContext& context, ServingDeployment& target) {
    const auto& policy = target.route.policy;
    if (policy.max_concurrency == 0) co_return co_await target.limiter.acquire(clock_, total_limit(context, policy));
    TracedStepScope step(context, clock_, "queue wait");
    auto place = co_await target.limiter.acquire(clock_, total_limit(context, policy));
    if (!place) step.failed(queue_full(target));
    co_return place;
}

domain::Error Resilience::refused_by_breaker(const domain::RequestContext& context,
                                             const ServingDeployment& target) const {
    auto error = breaker_open(target, target.health.cooldown_left(clock_.monotonic()));
    trace_event(context, {.name = "breaker rejected",
                          .at = clock_.monotonic(),
                          .deployment = &target.route.deployment,
                          .reason = std::string(domain::to_string(error.code))});
    return error;
}

domain::Error Resilience::breaker_open(const ServingDeployment& target, std::chrono::milliseconds cooldown_left) {
    const auto& deployment = target.route.deployment;
    auto error = domain::make_error(domain::ErrorCode::upstream_unavailable,
                                    "The model `" + deployment.model + "` is unavailable: its deployment on `" +
                                        deployment.provider + "` failed repeatedly and is paused.");
    error.retry_after = std::chrono::ceil<std::chrono::seconds>(std::max(cooldown_left, std::chrono::milliseconds(1)));
    return error;
}

domain::Error Resilience::queue_full(const ServingDeployment& target) {
    const auto& deployment = target.route.deployment;
    auto error = domain::make_error(domain::ErrorCode::rate_limited,
                                    "The model `" + deployment.model + "` is at its concurrency limit on `" +
                                        deployment.provider + "` (" +
                                        std::to_string(target.route.policy.max_concurrency) +
                                        " calls) and no place came free in time; retry shortly.");
    error.retry_after = std::chrono::seconds(1);
    return error;
}

domain::Error Resilience::deadline_passed() {
    return domain::make_error(domain::ErrorCode::upstream_timeout,
                              "The request's own time limit ran out before an upstream answered.");
}

asio::awaitable<bool> Resilience::cancelled() {
    auto state = co_await asio::this_coro::cancellation_state;
    co_return state.cancelled() != asio::cancellation_type::none;
}

}  // namespace llmgw::application
