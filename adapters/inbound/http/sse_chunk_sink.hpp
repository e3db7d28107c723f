#pragma once

#include "adapters/inbound/http/exchange.hpp"
#include "adapters/openai_format/chat_response_json.hpp"
#include "domain/ports/chunk_sink.hpp"

namespace llmgw::adapters {

// Writes each chunk to the client as an OpenAI `chat.completion.chunk` event.
// The event stream's header goes out with the first chunk, so that a request
// that fails before any chunk still gets a proper error status.
class SseChunkSink final : public domain::ChunkSink {
public:
    SseChunkSink(Exchange& exchange, const AnswerIdentity& identity, bool usage_field)
        : exchange_(exchange), identity_(identity), usage_field_(usage_field) {}

    boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override;

private:
    Exchange& exchange_;
    const AnswerIdentity& identity_;
    bool usage_field_;
};

}  // namespace llmgw::adapters
