#pragma once

#include <map>
#include <string>
#include <vector>

#include "application/content_guarding.hpp"
#include "domain/guardrails/hold_back.hpp"
#include "domain/ports/chunk_sink.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::application {

// The output guardrails of a streamed answer, between the stream and its
// client. Each choice's text and each tool call's arguments are held back
// by a small bounded window (domain::HoldBack), so that a finding split
// across chunks is still caught, and go on as soon as nothing at their end
// can still grow into one: redacted, with the caller's values restored. A
// finding that blocks ends its choice there with finish_reason
// content_filter; the rest of that choice is dropped (and still billed).
// Without output guardrails or values to restore, chunks pass untouched.
class GuardedChunkSink final : public domain::ChunkSink {
public:
    GuardedChunkSink(domain::ChunkSink& client, ContentScreen& screen, domain::HoldBack hold_back = {})
        : client_(client), screen_(screen), hold_back_(hold_back),
          active_(screen.looks_at_output() || screen.has_values_to_restore()) {}

    boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override;
    void on_served_by(const domain::Deployment& deployment) override { client_.on_served_by(deployment); }

    // Sends what is still held of every choice, for a stream that ended
    // without finishing them all.
    boost::asio::awaitable<domain::Result<void>> flush();

private:
    // Text not yet sent on, and the end of what was, which the detectors
    // see as the text's left context ("Bearer " before a token).
    struct Held {
        std::string pending;
        std::string before;
    };
    struct Choice {
        Held content;
        std::map<int, Held> tool_arguments;
        bool blocked = false;
    };

    // What of `held` may go out now (all of it when `final`), screened;
    // marks the choice blocked at a finding that blocks.
    std::string release(Held& held, Choice& choice, bool final);
    // Adds to `out` what is held of `choice` (all of it when `final`).
    void release_into(domain::StreamChunk& out, Choice& choice, bool final);
    Choice& choice(int index);

    domain::ChunkSink& client_;
    ContentScreen& screen_;
    domain::HoldBack hold_back_;
    bool active_;
    std::vector<Choice> choices_;
    std::vector<domain::Finding> findings_;
};

// The end of a guarded stream: what is still held goes out before the
// stream's summary, whether it finished or failed, unless its client left.
// (`streamed` by reference: a temporary made inside a co_await expression
// is destroyed twice by GCC 12.)
boost::asio::awaitable<domain::Result<domain::StreamSummary>> finish_guarded(
    GuardedChunkSink& guarded, domain::Result<domain::StreamSummary>& streamed);

}  // namespace llmgw::application
