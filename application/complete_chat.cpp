#include "application/complete_chat.hpp"

#include "application/model_call.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<domain::ChatResponse>> CompleteChat::operator()(domain::RequestContext context,
                                                                                     domain::ChatRequest request) {
    BOOST_OUTCOME_CO_TRY(policy_.admit(context, request));
    BOOST_OUTCOME_CO_TRY(const Route* primary, resilience_.router().resolve(request.model));

    // Nothing is awaited for a request the cache stays out of.
    const auto plan = caching_.plan(context, request);
    if (plan.key) {
        if (auto hit = co_await caching_.lookup_chat(plan, context, false)) {
            metering_.book_cache_hit(context, answering_route(resilience_.router(), *primary, hit->model).deployment,
                                     hit->usage);
            co_return *hit;
        }
    }
    auto answer = co_await call_model<domain::ChatResponse>(
        resilience_, metering_, context, request.model, Metering::estimated_usage(request),
        [&](const Route& route, const domain::Attempt& attempt) { return route.transport->complete(request, attempt); });
    if (answer && plan.key) co_await caching_.store(plan, answer.value());
    co_return answer;
}

}  // namespace llmgw::application
