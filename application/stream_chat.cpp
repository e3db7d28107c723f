#include "application/stream_chat.hpp"

#include "application/model_call.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<domain::StreamSummary>> StreamChat::operator()(domain::RequestContext context,
                                                                                    domain::ChatRequest request,
                                                                                    domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(policy_.admit(context, request));
    co_return co_await stream_model(resilience_, metering_, context, request.model, Metering::estimated_usage(request),
                                    sink, [&](const Route& route, const domain::Attempt& attempt, domain::ChunkSink& metered) {
                                        return route.transport->stream(request, attempt,
                                                                       metered);
                                    });
}

}  // namespace llmgw::application
