#include "application/embed.hpp"

#include "application/guarded_call.hpp"
#include "domain/money.hpp"

namespace llmgw::application {
namespace {

domain::Usage estimated_usage(const domain::EmbeddingRequest& request) {
    std::size_t bytes = request.texts.empty() ? request.raw_input.size() : 0;
    for (const auto& text : request.texts) bytes += text.size();
    return domain::Usage{.prompt_tokens = domain::estimate_tokens(bytes)};
}

}  // namespace

boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>> Embed::operator()(domain::RequestContext context,
                                                                                   domain::EmbeddingRequest request) {
    BOOST_OUTCOME_CO_TRY(const Route* route, router_.resolve(request.model));
    const auto& deployment = route->deployment;
    const auto estimate = estimated_usage(request);
    BOOST_OUTCOME_CO_TRY(auto reservation, co_await metering_.reserve(context, estimate, deployment));

    auto answer = co_await guarded_call(route->transport->embed(request, deployment.upstream_model));
    if (!answer) {
        co_await metering_.release(reservation);
        co_return std::move(answer).error();
    }
    auto& response = answer.value();
    response.model = deployment.model;
    if (!response.usage_reported) response.usage = estimate;
    BOOST_OUTCOME_CO_TRY(co_await metering_.settle(reservation, context, deployment,
                                                   {response.usage, !response.usage_reported, false}));
    co_return std::move(answer);
}

}  // namespace llmgw::application
