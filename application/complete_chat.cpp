#include "application/complete_chat.hpp"

#include "application/metered_call.hpp"
#include "domain/cache_key.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<domain::ChatResponse>> CompleteChat::operator()(domain::RequestContext context,
                                                                                     domain::ChatRequest request) {
    BOOST_OUTCOME_CO_TRY(const Route* route, router_.resolve(request.model));
    const auto& deployment = route->deployment;

    std::string key;
    if (cache_policy_.enabled) {
        key = domain::cache_key(request, context.caller);
        if (auto hit = co_await cache_.lookup(key)) {
            BOOST_OUTCOME_CO_TRY(auto reservation,
                                 co_await metering_.reserve(context, Metering::estimated_usage(request), deployment));
            const Metering::Outcome cached{hit->usage, false, true};
            BOOST_OUTCOME_CO_TRY(co_await metering_.settle(reservation, context, deployment, cached));
            co_return std::move(*hit);
        }
    }

    auto answer = co_await metered_call<domain::ChatResponse>(
        metering_, context, deployment, Metering::estimated_usage(request),
        [&] { return route->transport->complete(request, deployment.upstream_model); });
    if (answer && cache_policy_.enabled) co_await cache_.store(key, answer.value(), cache_policy_.ttl);
    co_return answer;
}

}  // namespace llmgw::application
