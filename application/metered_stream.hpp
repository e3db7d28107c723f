#pragma once

#include <cstddef>
#include <cstdint>

#include <boost/asio/awaitable.hpp>

#include "application/guarded_call.hpp"
#include "application/metering.hpp"
#include "domain/ports/chunk_sink.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::application {

// Passes chunks on while counting what was delivered, for settling a stream
// whose upstream never reported usage.
class MeteredSink final : public domain::ChunkSink {
public:
    explicit MeteredSink(domain::ChunkSink& inner) : inner_(inner) {}

    boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override;

    std::size_t delivered() const noexcept { return delivered_; }
    std::int64_t estimated_completion_tokens() const noexcept;

private:
    domain::ChunkSink& inner_;
    std::size_t delivered_ = 0;
    std::size_t completion_bytes_ = 0;
};

// One streamed upstream call under metering: reserve, stream through a
// MeteredSink (`start(sink)` returns the port's awaitable), then settle. A
// stream that fails or is cancelled after chunks went out is still settled,
// with the usage estimated from what was delivered; one that failed before
// any chunk is released.
template <class Start>
boost::asio::awaitable<domain::Result<domain::StreamSummary>> metered_stream(
    Metering& metering, const domain::RequestContext& context, const domain::Deployment& deployment,
    domain::Usage estimate, domain::ChunkSink& sink, Start start) {
    BOOST_OUTCOME_CO_TRY(auto reservation, co_await metering.reserve(context, estimate, deployment));

    MeteredSink metered(sink);
    auto streamed = co_await guarded_call(start(metered));

    Metering::Outcome outcome;
    if (streamed && streamed.value().usage_reported && domain::plausible(streamed.value().usage)) {
        outcome.usage = streamed.value().usage;
    } else if (streamed || metered.delivered() > 0) {
        outcome.usage.prompt_tokens = estimate.prompt_tokens;
        outcome.usage.completion_tokens = metered.estimated_completion_tokens();
        outcome.usage_estimated = true;
    } else {
        co_await metering.release(reservation);
        co_return std::move(streamed).error();
    }
    BOOST_OUTCOME_CO_TRY(co_await metering.settle(reservation, context, deployment, outcome));
    if (!streamed) co_return std::move(streamed).error();

    auto summary = std::move(streamed).value();
    summary.usage = outcome.usage;
    summary.usage_reported = !outcome.usage_estimated;
    summary.model = deployment.model;
    co_return summary;
}

}  // namespace llmgw::application
