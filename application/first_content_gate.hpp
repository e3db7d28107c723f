#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "application/attempt_deadline.hpp"
#include "domain/deployment.hpp"
#include "domain/ports/chunk_sink.hpp"
#include "domain/ports/clock.hpp"
#include "domain/request_context.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::application {

// Stands between a streamed attempt and the client, holding the first chunks
// back until the upstream has produced real content (text, a refusal, a tool
// call or a finish). Until then nothing has reached the client, so an attempt
// that fails — even after an upstream answered 200 and then sent an error
// event — can still be retried or fall back without the client ever seeing
// a partial answer. Once content is through, the gate is committed and the
// stream belongs to that attempt.
class FirstContentGate final : public domain::ChunkSink {
public:
    // The moment content first goes out is the request's time to first
    // token, recorded in `context`'s ledger row.
    FirstContentGate(domain::ChunkSink& client, const domain::Clock& clock, const domain::RequestContext& context)
        : client_(client), clock_(clock), context_(context) {}

    // A new attempt on `deployment` begins: what an earlier one left held is
    // dropped. Real content tells `deadline` that the first token is in.
    void begin_attempt(const domain::Deployment& deployment, AttemptDeadline& deadline);

    boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override;

    // The attempt succeeded: whatever is still held goes out.
    boost::asio::awaitable<domain::Result<void>> flush();

    bool committed() const noexcept { return committed_; }
    // When the current attempt's first real content came, if it has.
    std::optional<std::chrono::steady_clock::time_point> first_content_at() const noexcept { return first_content_at_; }

private:
    boost::asio::awaitable<domain::Result<void>> commit();

    domain::ChunkSink& client_;
    const domain::Clock& clock_;
    const domain::RequestContext& context_;
    const domain::Deployment* deployment_ = nullptr;
    AttemptDeadline* deadline_ = nullptr;
    std::vector<domain::StreamChunk> held_;
    std::optional<std::chrono::steady_clock::time_point> first_content_at_;
    bool committed_ = false;
};

}  // namespace llmgw::application
