#include "application/complete_chat.hpp"

#include "application/model_call.hpp"
#include "application/trace_recording.hpp"
#include "domain/cache_key.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<domain::ChatResponse>> CompleteChat::operator()(domain::RequestContext context,
                                                                                     domain::ChatRequest request) {
    BOOST_OUTCOME_CO_TRY(policy_.admit(context, request));
    BOOST_OUTCOME_CO_TRY(const Route* primary, resilience_.router().resolve(request.model));

    std::string key;
    if (cache_policy_.enabled) {
        key = domain::cache_key(request, context.caller);
        std::optional<domain::ChatResponse> hit;
        {
            TracedStepScope step(context, resilience_.clock(), "cache lookup");
            hit = co_await cache_.lookup(key);
        }
        if (hit) {
            metering_.book_cache_hit(context, primary->deployment, hit->usage);
            co_return std::move(*hit);
        }
    }

    auto answer = co_await call_model<domain::ChatResponse>(
        resilience_, metering_, context, request.model, Metering::estimated_usage(request),
        [&](const Route& route, const domain::Attempt& attempt) { return route.transport->complete(request, attempt); });
    if (answer && cache_policy_.enabled) co_await cache_.store(key, answer.value(), cache_policy_.ttl);
    co_return answer;
}

}  // namespace llmgw::application
