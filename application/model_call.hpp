#pragma once

#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "application/first_content_gate.hpp"
#include "application/metered_call.hpp"
#include "application/metered_stream.hpp"
#include "application/rate_limiting.hpp"
#include "application/resilience.hpp"
#include "application/response_caching.hpp"

namespace llmgw::application {

// The most a request estimated as `estimate` may use on its model's first
// deployment, as its rate limits reserve it.
inline RateDemand rate_demand(const Route& primary, const UsageEstimate& estimate) {
    const auto worst = Metering::worst_case(estimate, primary.deployment);
    return RateDemand{.input_tokens = worst.prompt_tokens, .output_tokens = worst.completion_tokens};
}

// The route of the model that gave a stored answer (perhaps a fallback of
// the one asked for), to book the hit on; `asked` when that model is no
// longer configured.
inline const Route& answering_route(const ModelRouter& router, const Route& asked, std::string_view model) {
    const auto found = router.resolve(model);
    return found ? *found.value() : asked;
}

// A cacheable request's answer (`plan` has a key): from the cache or the
// identical request in flight, booked as a hit on the deployment that gave
// it, else from `call_upstream()`, stored for the next caller. The lead of a
// flight carries its call on for its followers even if its own client
// leaves (CallCoalescing::Lead::carry).
template <class Answer, class CallUpstream>
boost::asio::awaitable<domain::Result<Answer>> cached_call(const ResponseCaching& caching, Metering& metering,
                                                           const ModelRouter& router, const Route& asked,
                                                           const ResponseCaching::Plan& plan,
                                                           const domain::RequestContext& context,
                                                           CallUpstream call_upstream) {
    BOOST_OUTCOME_CO_TRY(auto found, co_await caching.find<Answer>(plan, context));
    if (const auto& hit = found.answer) {
        metering.book_cache_hit(context, answering_route(router, asked, hit->model).deployment, hit->usage);
        co_return *hit;
    }
    // (No co_await in a conditional expression: GCC 12 destroys its result twice.)
    auto call = call_upstream();
    if (found.lead) call = found.lead->carry(std::move(call));
    auto answer = co_await std::move(call);
    if (answer) co_await caching.store(plan, answer.value(), found.lead);
    co_return answer;
}

// What every use case that calls a model does: resilience around metering
// around one port call. `port_call(route, attempt)` returns the transport's
// awaitable for that deployment and attempt.
template <class Answer, class PortCall>
boost::asio::awaitable<domain::Result<Answer>> call_model(Resilience& resilience, Metering& metering,
                                                          const domain::RequestContext& context,
                                                          std::string_view model, UsageEstimate estimate,
                                                          PortCall port_call) {
    co_return co_await resilience.call<Answer>(context, model, [&](const Route& route, const domain::Attempt& attempt) {
        return metered_call<Answer>(metering, context, route.deployment, estimate,
                                    [&port_call, target = &route, current = &attempt] {
                                        return port_call(*target, *current);
                                    });
    });
}

// The same for a stream: `port_stream(route, attempt, sink)` streams from
// that deployment into `sink`. Every attempt streams through one gate, so the
// client gets chunks only from the attempt that produced real content.
template <class PortStream>
boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream_model(
    Resilience& resilience, Metering& metering, const domain::RequestContext& context, std::string_view model,
    UsageEstimate estimate, domain::ChunkSink& client, PortStream port_stream) {
    FirstContentGate gate(client, resilience.clock(), context);
    auto streamed = co_await resilience.call<domain::StreamSummary>(
        context, model,
        [&](const Route& route, const domain::Attempt& attempt) {
            return metered_stream(metering, context, route.deployment, estimate, gate,
                                  [&port_stream, target = &route, current = &attempt](domain::ChunkSink& metered) {
                                      return port_stream(*target, *current, metered);
                                  });
        },
        &gate);
    if (streamed) {
        BOOST_OUTCOME_CO_TRY(co_await gate.flush());
    }
    co_return streamed;
}

}  // namespace llmgw::application
