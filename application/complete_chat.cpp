#include "application/complete_chat.hpp"

#include "application/guarded_call.hpp"
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
            BOOST_OUTCOME_CO_TRY(auto reservation, co_await metering_.reserve(context, Metering::estimated_usage(request), deployment));
            BOOST_OUTCOME_CO_TRY(co_await metering_.settle(reservation, context, deployment,
                                                           {hit->usage, false, true}));
            co_return std::move(*hit);
        }
    }

    BOOST_OUTCOME_CO_TRY(auto reservation, co_await metering_.reserve(context, Metering::estimated_usage(request), deployment));
    auto answer = co_await guarded_call(route->transport->complete(request, deployment.upstream_model));
    if (!answer) {
        co_await metering_.release(reservation);
        co_return std::move(answer).error();
    }
    auto& response = answer.value();
    response.model = deployment.model;
    BOOST_OUTCOME_CO_TRY(co_await metering_.settle(reservation, context, deployment, {response.usage, false, false}));

    if (cache_policy_.enabled) co_await cache_.store(key, response, cache_policy_.ttl);
    co_return std::move(answer);
}

}  // namespace llmgw::application
