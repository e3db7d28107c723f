#include "application/complete_chat.hpp"

#include "application/model_call.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<domain::ChatResponse>> CompleteChat::operator()(domain::RequestContext context,
                                                                                     domain::ChatRequest request) {
    BOOST_OUTCOME_CO_TRY(policy_.admit(context, request));
    BOOST_OUTCOME_CO_TRY(const Route* primary, resilience_.router().resolve(request.model));
    const auto estimate = Metering::estimated_usage(request);
    BOOST_OUTCOME_CO_TRY(auto rates, co_await policy_.limit_rate(context, request.model, rate_demand(*primary, estimate)));
    BOOST_OUTCOME_CO_TRY(auto screen, policy_.guard_content(context, request));

    auto call_upstream = [&] {
        return call_model<domain::ChatResponse>(
            resilience_, metering_, context, request.model, estimate,
            [&](const Route& route, const domain::Attempt& attempt) { return route.transport->complete(request, attempt); });
    };
    // Nothing is awaited for a request the cache stays out of.
    const auto plan = caching_.plan(context, request);
    if (!plan.key) {
        auto answer = co_await call_upstream();
        co_return screen.screened(std::move(answer));
    }
    // The cache keeps the provider's answer; each caller's own guardrails
    // (and its values to restore) apply to the copy it gets.
    auto answer = co_await cached_call<domain::ChatResponse>(caching_, metering_, resilience_.router(), *primary, plan,
                                                             context, call_upstream);
    co_return screen.screened(std::move(answer));
}

}  // namespace llmgw::application
