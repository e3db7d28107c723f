#pragma once

#include <cstddef>
#include <string>

#include "domain/chat_response.hpp"
#include "domain/request_trace.hpp"
#include "domain/stream_chunk.hpp"
#include "observability/secret_scrubber.hpp"

namespace llmgw::adapters {

// A streamed chunk that reached the client, added to the answer kept for
// the trace (`telemetry.capture_content`).
void capture_chunk(domain::CapturedContent& content, const domain::StreamChunk& chunk);
// A whole answer (its first choice), kept the same way.
void capture_answer(domain::CapturedContent& content, const domain::ChatResponse& response);

// The GenAI conventions' gen_ai.input.messages and gen_ai.output.messages:
// JSON arrays of {role, parts, finish_reason (output)}, parts of type
// `text`, `reasoning`, `tool_call` (id, name, arguments) and
// `tool_call_response` (id, response). Every text passes through
// `scrubber` first (so that a cut cannot leave half a secret), then at most
// `max_bytes` of it goes in; `truncated` is set when some was left out.
struct MessagesJson {
    std::string text;
    bool truncated = false;
};
MessagesJson input_messages_json(const domain::CapturedContent& content, std::size_t max_bytes,
                                 const observability::SecretScrubber& scrubber);
MessagesJson output_messages_json(const domain::CapturedContent& content, std::size_t max_bytes,
                                  const observability::SecretScrubber& scrubber);

}  // namespace llmgw::adapters
