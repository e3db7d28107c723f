#include "application/complete_text.hpp"

#include "application/guarded_chunk_sink.hpp"
#include "application/model_call.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<domain::TextCompletionResponse>> CompleteText::operator()(
    domain::RequestContext context, domain::TextCompletionRequest request) {
    BOOST_OUTCOME_CO_TRY(policy_.admit(context, request));
    BOOST_OUTCOME_CO_TRY(const Route* primary, resilience_.router().resolve(request.model));
    const auto estimate = Metering::estimated_usage(request);
    BOOST_OUTCOME_CO_TRY(auto rates, co_await policy_.limit_rate(context, request.model, rate_demand(*primary, estimate)));
    BOOST_OUTCOME_CO_TRY(auto screen, policy_.guard_content(context, request));
    auto answer = co_await call_model<domain::TextCompletionResponse>(
        resilience_, metering_, context, request.model, estimate,
        [&](const Route& route, const domain::Attempt& attempt) { return route.transport->complete_text(request, attempt); });
    co_return screen.screened(std::move(answer));
}

boost::asio::awaitable<domain::Result<domain::StreamSummary>> CompleteText::stream(domain::RequestContext context,
                                                                                  domain::TextCompletionRequest request,
                                                                                  domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(policy_.admit(context, request));
    BOOST_OUTCOME_CO_TRY(const Route* primary, resilience_.router().resolve(request.model));
    const auto estimate = Metering::estimated_usage(request);
    BOOST_OUTCOME_CO_TRY(auto rates, co_await policy_.limit_rate(context, request.model, rate_demand(*primary, estimate)));
    BOOST_OUTCOME_CO_TRY(auto screen, policy_.guard_content(context, request));
    GuardedChunkSink guarded(sink, screen);
    auto streamed = co_await stream_model(
        resilience_, metering_, context, request.model, estimate, guarded,
        [&](const Route& route, const domain::Attempt& attempt, domain::ChunkSink& metered) {
            return route.transport->stream_text(request, attempt, metered);
        });
    co_return co_await finish_guarded(guarded, streamed);
}

}  // namespace llmgw::application
