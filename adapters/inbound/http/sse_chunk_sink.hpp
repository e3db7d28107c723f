#pragma once

#include "adapters/inbound/http/answer_status.hpp"
#include "adapters/inbound/http/exchange.hpp"
#include "adapters/openai_format/chat_response_json.hpp"
#include "domain/cache.hpp"
#include "domain/ports/chunk_sink.hpp"

namespace llmgw::adapters {

// Writes each chunk to the client as one SSE event, in the JSON `write_chunk`
// makes of it (`chat.completion.chunk` or legacy `text_completion`). The
// event stream's header goes out with the first chunk, so that a request that
// fails before any chunk still gets a proper error status; it names the
// model that served in the header `served_by`, and so do the chunks.
class SseChunkSink final : public domain::ChunkSink {
public:
    using ChunkWriter = std::string (*)(const AnswerIdentity&, const domain::StreamChunk&, bool usage_field);

    // `status`, when given, is told in the headers before the first event
    // (the use case sets it before its first chunk).
    SseChunkSink(Exchange& exchange, AnswerIdentity& identity, bool usage_field, ChunkWriter write_chunk,
                 std::string_view served_by, const AnswerStatus* status = nullptr)
        : exchange_(exchange),
          identity_(identity),
          usage_field_(usage_field),
          write_chunk_(write_chunk),
          served_by_header_(served_by),
          status_(status) {}

    boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override;
    void on_served_by(const domain::Deployment& deployment) override;

private:
    Exchange& exchange_;
    AnswerIdentity& identity_;
    bool usage_field_;
    ChunkWriter write_chunk_;
    std::string_view served_by_header_;
    const AnswerStatus* status_;
};

}  // namespace llmgw::adapters
