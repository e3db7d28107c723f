#include "application/complete_text.hpp"

#include "application/metered_call.hpp"
#include "application/metered_stream.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<domain::TextCompletionResponse>> CompleteText::operator()(
    domain::RequestContext context, domain::TextCompletionRequest request) {
    BOOST_OUTCOME_CO_TRY(const Route* route, router_.resolve(request.model));
    co_return co_await metered_call<domain::TextCompletionResponse>(
        metering_, context, route->deployment, Metering::estimated_usage(request),
        [&] { return route->transport->complete_text(request, route->deployment.upstream_model); });
}

boost::asio::awaitable<domain::Result<domain::StreamSummary>> CompleteText::stream(domain::RequestContext context,
                                                                                  domain::TextCompletionRequest request,
                                                                                  domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(const Route* route, router_.resolve(request.model));
    co_return co_await metered_stream(metering_, context, route->deployment, Metering::estimated_usage(request), sink,
                                      [&](domain::ChunkSink& metered) {
                                          return route->transport->stream_text(request, route->deployment.upstream_model,
                                                                               metered);
                                      });
}

}  // namespace llmgw::application
