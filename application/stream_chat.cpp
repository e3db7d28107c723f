#include "application/stream_chat.hpp"

#include "application/metered_stream.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<domain::StreamSummary>> StreamChat::operator()(domain::RequestContext context,
                                                                                    domain::ChatRequest request,
                                                                                    domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(const Route* route, router_.resolve(request.model));
    co_return co_await metered_stream(metering_, context, route->deployment, Metering::estimated_usage(request), sink,
                                      [&](domain::ChunkSink& metered) {
                                          return route->transport->stream(request, route->deployment.upstream_model,
                                                                          metered);
                                      });
}

}  // namespace llmgw::application
