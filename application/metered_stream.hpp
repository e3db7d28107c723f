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

// Settles a stream's reservation with the usage estimated from what was
// delivered (the prompt estimate, and the completion as delivered), or
// releases it when nothing was: when the frame that holds it ends, unless the
// stream was settled with reported usage before.
class SettleDelivered {
public:
    SettleDelivered(Metering& metering, Reservation& reservation, const domain::RequestContext& context,
                    const domain::Deployment& deployment, const UsageEstimate& estimate, const MeteredSink& metered)
        : metering_(metering), reservation_(reservation), context_(context), deployment_(deployment),
          estimate_(estimate), metered_(metered) {}
    SettleDelivered(const SettleDelivered&) = delete;
    ~SettleDelivered();

    domain::Usage estimated_usage() const noexcept {
        return domain::Usage{.prompt_tokens = estimate_.prompt_tokens,
                             .completion_tokens = metered_.estimated_completion_tokens()};
    }

private:
    Metering& metering_;
    Reservation& reservation_;
    const domain::RequestContext& context_;
    const domain::Deployment& deployment_;
    const UsageEstimate& estimate_;
    const MeteredSink& metered_;
};

// One streamed upstream call under metering: reserve, stream through a
// MeteredSink (`start(sink)` returns the port's awaitable), then settle.
// A stream that ends in any other way after chunks went out (it failed, the
// client left, the coroutine was cancelled or destroyed) is still settled,
// with the usage estimated from what was delivered: the provider bills it.
// One that failed before any chunk is released.
template <class Start>
boost::asio::awaitable<domain::Result<domain::StreamSummary>> metered_stream(
    Metering& metering, const domain::RequestContext& context, const domain::Deployment& deployment,
    UsageEstimate estimate, domain::ChunkSink& sink, Start start) {
    BOOST_OUTCOME_CO_TRY(auto reservation,
                         co_await metering.reserve(context, Metering::worst_case(estimate, deployment), deployment));
    MeteredSink metered(sink);
    // Runs on every way out of this frame (declared after `metered`, so it
    // runs before `metered` is gone).
    const SettleDelivered settle_delivered{metering, reservation, context, deployment, estimate, metered};

    auto streamed = co_await guarded_call(start(metered));
    if (!streamed) co_return std::move(streamed).error();

    auto summary = std::move(streamed).value();
    const bool reported = summary.usage_reported && domain::plausible(summary.usage);
    if (!reported) summary.usage = settle_delivered.estimated_usage();
    summary.usage_reported = reported;
    metering.settle(reservation, context, deployment, Metering::Outcome{summary.usage, !reported});
    summary.model = deployment.model;
    co_return summary;
}

}  // namespace llmgw::application
