#include "application/count_tokens.hpp"

#include "application/metering.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<CountTokens::Count>> CountTokens::operator()(const domain::RequestContext& context,
                                                                                  domain::ChatRequest request) const {
    if (tiers_) {
        BOOST_OUTCOME_CO_TRYV(tiers_->resolve(context, access_, request.model));
    }
    BOOST_OUTCOME_CO_TRYV(access_.govern(context, request.model));
    BOOST_OUTCOME_CO_TRY(auto* group, router_.group(request.model));
    const Count estimate{Metering::estimated_usage(request).prompt_tokens, false};
    const auto order = group->preference_order(clock_.monotonic());
    if (order.empty()) co_return estimate;
    const auto& route = order.front()->route;
    const domain::Attempt attempt{.upstream_model = route.deployment.upstream_model,
                                  .trace = context.trace.child(domain::random_span_id())};
    auto counted = co_await route.transport->count_tokens(request, attempt);
    if (counted && counted.value()) co_return Count{*counted.value(), true};
    // A count is advice: a provider that cannot give one now leaves the
    // estimate, but a request it refuses stays refused.
    if (!counted && counted.error().code == domain::ErrorCode::invalid_request) co_return counted.error();
    co_return estimate;
}

}  // namespace llmgw::application
