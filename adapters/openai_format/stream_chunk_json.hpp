#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "adapters/openai_format/chat_response_json.hpp"
#include "domain/error.hpp"
#include "domain/stream_chunk.hpp"
#include "domain/usage.hpp"

namespace llmgw::adapters {

// One `chat.completion.chunk` as OpenAI streams it. With `usage_field` every
// chunk carries `"usage": null`, as OpenAI does when usage was asked for.
std::string write_chunk(const AnswerIdentity& identity, const domain::StreamChunk& chunk, bool usage_field);

// The closing chunk of a stream whose client asked for usage: no choices.
std::string write_usage_chunk(const AnswerIdentity& identity, const domain::Usage& usage);

// One `data:` payload of an OpenAI-compatible upstream stream.
struct UpstreamChunk {
    std::vector<domain::StreamChunk> chunks;  // one per choice present
    std::optional<domain::Usage> usage;
    std::string id;
    std::string model;
};
// An `{"error": ...}` payload becomes an upstream_error. A legacy
// `text_completion` chunk carries its piece at `choices[].text`, which
// becomes the chunk's content.
domain::Result<UpstreamChunk> parse_upstream_chunk(const boost::json::object& payload);

}  // namespace llmgw::adapters
