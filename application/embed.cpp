#include "application/embed.hpp"

#include "application/model_call.hpp"
#include "domain/money.hpp"

namespace llmgw::application {
namespace {

// Embeddings answer with no tokens of output.
UsageEstimate estimated_usage(const domain::EmbeddingRequest& request) {
    std::size_t bytes = request.texts.empty() ? request.raw_input.size() : 0;
    for (const auto& text : request.texts) bytes += text.size();
    return UsageEstimate{.prompt_tokens = domain::estimate_tokens(bytes), .max_completion_tokens = 0};
}

}  // namespace

boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>> Embed::operator()(domain::RequestContext context,
                                                                                   domain::EmbeddingRequest request) {
    BOOST_OUTCOME_CO_TRY(policy_.admit(context, request));
    BOOST_OUTCOME_CO_TRY(const Route* primary, resilience_.router().resolve(request.model));
    const auto estimate = estimated_usage(request);
    BOOST_OUTCOME_CO_TRY(auto rates, co_await policy_.limit_rate(context, request.model, rate_demand(*primary, estimate)));
    BOOST_OUTCOME_CO_TRYV(policy_.guard_content(context, request));

    auto call_upstream = [&] {
        return call_model<domain::EmbeddingResponse>(
            resilience_, metering_, context, request.model, estimate,
            [&](const Route& route, const domain::Attempt& attempt) { return route.transport->embed(request, attempt); });
    };
    const auto plan = caching_.plan(context, request);
    if (!plan.key) co_return co_await call_upstream();
    co_return co_await cached_call<domain::EmbeddingResponse>(caching_, metering_, resilience_.router(), *primary,
                                                              plan, context, call_upstream);
}

}  // namespace llmgw::application
