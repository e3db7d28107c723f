#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/this_coro.hpp>

#include "application/attempt_deadline.hpp"
#include "application/first_content_gate.hpp"
#include "application/model_router.hpp"
#include "application/resilience_events.hpp"
#include "application/trace_recording.hpp"
#include "domain/error.hpp"
#include "domain/ledger_row.hpp"
#include "domain/ports/clock.hpp"
#include "domain/request_context.hpp"
#include "domain/retry_policy.hpp"

namespace llmgw::application {

// Makes one call to a model survive what providers do every day. In order:
//
//   for the model, then each of its fallback models:
//     for each deployment, in the balancer's order (open breakers last):
//       take a concurrency place (a full line moves on at once)
//       attempt, within the deployment's time limits, while its breaker
//       lets calls through; after a transient failure give the place up,
//       wait the backoff (or the upstream's Retry-After), take a place
//       again and attempt again, up to max_attempts; a rate limit moves to
//       an untried peer at once
//
// What ends it early: success; a failure that is the request's own fault
// (another deployment would fail alike); a stream that already reached the
// client; the request's own deadline; the client leaving (cancellation).
// When nothing could serve, the caller gets the last failure.
class Resilience {
public:
    using UnitRandom = double (*)();

    Resilience(ModelRouter& router, const domain::Clock& clock, ResilienceEvents& events,
               UnitRandom random = default_random);

    // `attempt(route, try)` returns the awaitable of one attempt on `route`,
    // `try` saying which of the request's attempts it is (its number, span
    // and time left). With a `gate` (streams), each attempt streams through
    // it.
    template <class Answer, class MakeAttempt>
    boost::asio::awaitable<domain::Result<Answer>> call(const domain::RequestContext& context, std::string_view model,
                                                        MakeAttempt attempt, FirstContentGate* gate = nullptr);

    ModelRouter& router() noexcept { return router_; }
    const domain::Clock& clock() const noexcept { return clock_; }

    // Uniform in [0, 1), per thread.
    static double default_random();

private:
    // How one deployment's turn ended: with the request's answer (a success
    // or a failure nobody else could do better), or with a failure that
    // lets the next deployment try.
    template <class Answer>
    struct Turn {
        std::optional<domain::Result<Answer>> answer;
        std::optional<domain::Error> failure;
    };

    // `failed_before` is the deployment whose failure the request comes
    // from, when it falls back.
    template <class Answer, class MakeAttempt>
    boost::asio::awaitable<Turn<Answer>> on_deployment(const domain::RequestContext& context,
                                                       ServingDeployment& target, MakeAttempt& attempt,
                                                       int& attempts, FirstContentGate* gate, bool peers_left,
                                                       const domain::Deployment* failed_before);
    // Waits for a concurrency place on `target` (a traced step when the
    // deployment limits its calls).
    boost::asio::awaitable<std::optional<ConcurrencyLimiter::Slot>> take_place(const domain::RequestContext& context,
                                                                               ServingDeployment& target);
    // Writes the attempt down in the request's trace, when it is traced.
    template <class Answer>
    void trace_attempt(const domain::RequestContext& context, const domain::Attempt& current, const Route& route,
                       std::chrono::steady_clock::time_point started, const domain::Result<Answer>& result,
                       const FirstContentGate* gate, std::string_view retry_reason,
                       const domain::Deployment* failed_before) const;
    // A breaker refused the request on `target`: its error, and an event in the trace.
    domain::Error refused_by_breaker(const domain::RequestContext& context, const ServingDeployment& target) const;
    // The next attempt of the request on `route`: numbered after the
    // `attempts` made so far, a new span under the request's.
    domain::Attempt next_attempt(const domain::RequestContext& context, const Route& route, int& attempts) const;

    // The limits of the next attempt: the deployment's, shortened to what
    // is left of the request's own deadline.
    AttemptDeadline::Duration total_limit(const domain::RequestContext& context, const RoutePolicy& policy) const;
    bool past_deadline(const domain::RequestContext& context, std::chrono::milliseconds after = {}) const;
    // Records the end of an attempt that failed with `failure` in the
    // deployment's health: the deployment's fault counts against its
    // breaker, the request's own fault does not.
    void book_failure(DeploymentHealth::CallPermit& permit, const domain::Error& failure) const;

    static domain::Error breaker_open(const ServingDeployment& target, std::chrono::milliseconds cooldown_left);
    static domain::Error queue_full(const ServingDeployment& target);
    static domain::Error deadline_passed();
    static boost::asio::awaitable<bool> cancelled();

    ModelRouter& router_;
    const domain::Clock& clock_;
    ResilienceEvents& events_;
    UnitRandom random_;
};

template <class Answer, class MakeAttempt>
boost::asio::awaitable<domain::Result<Answer>> Resilience::call(const domain::RequestContext& context,
                                                                std::string_view model, MakeAttempt attempt,
                                                                FirstContentGate* gate) {
    BOOST_OUTCOME_CO_TRY(ModelGroup * primary, router_.group(model));
    std::vector<ModelGroup*> chain{primary};
    chain.insert(chain.end(), primary->fallbacks().begin(), primary->fallbacks().end());

    std::optional<domain::Error> last;
    const domain::Deployment* failed_before = nullptr;
    int attempts = 0;
    for (ModelGroup* group : chain) {
        const auto order = group->preference_order(clock_.monotonic());
        for (std::size_t i = 0; i < order.size(); ++i) {
            const auto& next = order[i]->route.deployment;
            if (failed_before) {
                events_.failing_over(context, *failed_before, next, *last);
                trace_event(context, {.name = "fallback",
                                      .at = clock_.monotonic(),
                                      .deployment = failed_before,
                                      .to = &next,
                                      .reason = std::string(domain::to_string(last->code))});
            }
            auto turn = co_await on_deployment<Answer>(context, *order[i], attempt, attempts, gate,
                                                       i + 1 < order.size(), failed_before);
            if (turn.answer) co_return std::move(*turn.answer);
            failed_before = &next;
            last = std::move(turn.failure);
        }
    }
    co_return std::move(*last);
}

template <class Answer, class MakeAttempt>
boost::asio::awaitable<Resilience::Turn<Answer>> Resilience::on_deployment(const domain::RequestContext& context,
                                                                           ServingDeployment& target,
                                                                           MakeAttempt& attempt, int& attempts,
                                                                           FirstContentGate* gate, bool peers_left,
                                                                           const domain::Deployment* failed_before) {
    const auto& route = target.route;
    // No waiting in line for a deployment whose breaker would refuse anyway.
    if (!target.health.balancing_view(clock_.monotonic()).accepting) {
        co_return Turn<Answer>{std::nullopt, refused_by_breaker(context, target)};
    }
    auto place = co_await take_place(context, target);
    if (!place) co_return Turn<Answer>{std::nullopt, queue_full(target)};

    std::string retry_reason;
    for (int number = 1;; ++number) {
        if (past_deadline(context)) co_return Turn<Answer>{domain::Result<Answer>(deadline_passed()), std::nullopt};
        auto permit = target.health.try_acquire(clock_.monotonic());
        if (!permit) co_return Turn<Answer>{std::nullopt, refused_by_breaker(context, target)};
        AttemptDeadline deadline(clock_, route.policy.timeouts.first_token, total_limit(context, route.policy));
        if (gate) gate->begin_attempt(route.deployment, deadline);
        const auto started = clock_.monotonic();
        const domain::Attempt current = next_attempt(context, route, attempts);
        auto result = co_await deadline.run(attempt(route, current), route.deployment.provider);
        if (context.row) {
            context.row->upstream_us +=
                std::chrono::duration_cast<std::chrono::microseconds>(clock_.monotonic() - started).count();
        }
        trace_attempt(context, current, route, started, result, gate, retry_reason, number == 1 ? failed_before : nullptr);
        events_.attempt_finished(route.deployment, result ? std::string_view("success") : domain::to_string(result.error().code));
        if (result) {
            const auto answered_at = gate && gate->first_content_at() ? *gate->first_content_at() : clock_.monotonic();
            permit->succeeded(clock_.monotonic(),
                              std::chrono::duration_cast<std::chrono::microseconds>(answered_at - started));
            co_return Turn<Answer>{std::move(result), std::nullopt};
        }
        if (co_await cancelled()) co_return Turn<Answer>{std::move(result), std::nullopt};  // the permit is abandoned
        auto failure = std::move(result).error();
        book_failure(*permit, failure);
        const bool client_saw_it = gate && gate->committed();
        if (client_saw_it || !domain::another_deployment_may_serve(failure)) {
            co_return Turn<Answer>{domain::Result<Answer>(std::move(failure)), std::nullopt};
        }
        if (failure.code == domain::ErrorCode::rate_limited && peers_left) {
            co_return Turn<Answer>{std::nullopt, std::move(failure)};
        }
        const auto delay = domain::retry_delay(route.policy.retry, number, failure, random_());
        if (!delay || past_deadline(context, *delay)) co_return Turn<Answer>{std::nullopt, std::move(failure)};
        events_.retrying(context, route.deployment, number + 1, *delay, failure);
        retry_reason = domain::to_string(failure.code);
        trace_event(context, {.name = "retry",
                              .at = clock_.monotonic(),
                              .deployment = &route.deployment,
                              .reason = retry_reason,
                              .delay = *delay,
                              .attempt = attempts + 1});
        // Waiting out a backoff is not a call: the place goes to the next in line.
        place.reset();
        co_await clock_.sleep_for(*delay);
        place = co_await take_place(context, target);
        if (!place) co_return Turn<Answer>{std::nullopt, queue_full(target)};
    }
}

template <class Answer>
void Resilience::trace_attempt(const domain::RequestContext& context, const domain::Attempt& current,
                               const Route& route, std::chrono::steady_clock::time_point started,
                               const domain::Result<Answer>& result, const FirstContentGate* gate,
                               std::string_view retry_reason, const domain::Deployment* failed_before) const {
    if (!context.recording) return;
    domain::TracedAttempt traced{.trace = current.trace,
                                 .number = current.number,
                                 .deployment = &route.deployment,
                                 .started = started,
                                 .ended = clock_.monotonic(),
                                 .retry_reason = std::string(retry_reason),
                                 .fallback_from = failed_before};
    if (gate && gate->first_content_at() && *gate->first_content_at() >= started) {
        traced.first_content = gate->first_content_at();
    }
    if (result) {
        trace_answer(traced, result.value());
    } else {
        traced.error_code = domain::to_string(result.error().code);
        traced.error_message = result.error().message;
    }
    context.recording->attempts.push_back(std::move(traced));
}

}  // namespace llmgw::application
