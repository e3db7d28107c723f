#include "application/complete_chat.hpp"

#include "application/model_call.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<domain::ChatResponse>> CompleteChat::operator()(domain::RequestContext context,
                                                                                     domain::ChatRequest request) {
    BOOST_OUTCOME_CO_TRY(policy_.admit(context, request));
    BOOST_OUTCOME_CO_TRY(const Route* primary, resilience_.router().resolve(request.model));

    // Nothing is awaited for a request the cache stays out of.
    const auto plan = caching_.plan(context, request);
    std::optional<CallCoalescing::Lead> lead;
    if (plan.key) {
        BOOST_OUTCOME_CO_TRY(auto found, co_await caching_.find_chat(plan, context));
        if (const auto& hit = found.answer) {
            metering_.book_cache_hit(context, answering_route(resilience_.router(), *primary, hit->model).deployment,
                                     hit->usage);
            co_return *hit;
        }
        lead = std::move(found.lead);
    }
    auto answer = co_await call_model<domain::ChatResponse>(
        resilience_, metering_, context, request.model, Metering::estimated_usage(request),
        [&](const Route& route, const domain::Attempt& attempt) { return route.transport->complete(request, attempt); });
    if (answer && plan.key) co_await caching_.store(plan, answer.value(), lead);
    co_return answer;
}

}  // namespace llmgw::application
