#pragma once

#include <boost/asio/awaitable.hpp>

#include "domain/deployment.hpp"
#include "domain/error.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::domain {

// Receives a streamed answer one chunk at a time. `on_chunk` completes when
// the chunk has been handed on (written to the client), which is what gives a
// stream its backpressure. An error result means the receiver is gone; the
// producer then stops and reports that error.
class ChunkSink {
public:
    virtual ~ChunkSink() = default;
    // The chunk is only borrowed for the duration of the call.
    virtual boost::asio::awaitable<Result<void>> on_chunk(const StreamChunk& chunk) = 0;
    // Which deployment the chunks come from, told once before the first
    // chunk (a fallback may serve a model other than the one asked for).
    virtual void on_served_by(const Deployment& deployment) { (void)deployment; }
};

}  // namespace llmgw::domain
