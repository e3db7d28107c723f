#include "application/embed.hpp"

#include "application/metered_call.hpp"
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
    co_return co_await metered_call<domain::EmbeddingResponse>(
        metering_, context, route->deployment, estimated_usage(request),
        [&] { return route->transport->embed(request, route->deployment.upstream_model); });
}

}  // namespace llmgw::application
