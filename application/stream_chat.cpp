#include "application/stream_chat.hpp"

#include "application/guarded_call.hpp"
#include "domain/money.hpp"

namespace llmgw::application {
namespace {

// Passes chunks on while counting what was delivered, for settling a stream
// whose upstream never reported usage.
class MeteredSink final : public domain::ChunkSink {
public:
    explicit MeteredSink(domain::ChunkSink& inner) : inner_(inner) {}

    boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override {
        BOOST_OUTCOME_CO_TRY(co_await inner_.on_chunk(chunk));
        ++delivered_;
        if (chunk.content) completion_bytes_ += chunk.content->size();
        for (const auto& call : chunk.tool_calls) completion_bytes_ += call.name.size() + call.arguments.size();
        co_return domain::success();
    }

    std::size_t delivered() const noexcept { return delivered_; }
    std::int64_t estimated_completion_tokens() const noexcept { return domain::estimate_tokens(completion_bytes_); }

private:
    domain::ChunkSink& inner_;
    std::size_t delivered_ = 0;
    std::size_t completion_bytes_ = 0;
};

}  // namespace

boost::asio::awaitable<domain::Result<domain::StreamSummary>> StreamChat::operator()(domain::RequestContext context,
                                                                                    domain::ChatRequest request,
                                                                                    domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(const Route* route, router_.resolve(request.model));
    const auto& deployment = route->deployment;
    BOOST_OUTCOME_CO_TRY(auto reservation, co_await metering_.reserve(context, Metering::estimated_usage(request), deployment));

    MeteredSink metered(sink);
    auto streamed = co_await guarded_call(route->transport->stream(request, deployment.upstream_model, metered));

    Metering::Outcome outcome;
    if (streamed && streamed.value().usage_reported) {
        outcome.usage = streamed.value().usage;
    } else if (streamed || metered.delivered() > 0) {
        outcome.usage.prompt_tokens = Metering::estimated_usage(request).prompt_tokens;
        outcome.usage.completion_tokens = metered.estimated_completion_tokens();
        outcome.usage_estimated = true;
    } else {
        co_await metering_.release(reservation);
        co_return std::move(streamed).error();
    }
    BOOST_OUTCOME_CO_TRY(co_await metering_.settle(reservation, context, deployment, outcome));
    if (!streamed) co_return std::move(streamed).error();

    auto summary = std::move(streamed).value();
    summary.usage = outcome.usage;
    summary.usage_reported = !outcome.usage_estimated;
    summary.model = deployment.model;
    co_return summary;
}

}  // namespace llmgw::application
