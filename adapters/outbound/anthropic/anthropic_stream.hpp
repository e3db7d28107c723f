#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "domain/error.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::adapters {

// Translates an Anthropic Messages stream into OpenAI-style chunks, one
// event at a time, sans I/O:
//   message_start        -> the role chunk; input usage
//   content_block_start  -> for tool_use, the call's first delta (id, name);
//                           a redacted_thinking block whole
//   content_block_delta  -> text_delta as content; input_json_delta as the
//                           call's argument delta (the first one is empty);
//                           thinking_delta as reasoning
//   content_block_stop   -> for a thinking block, the block whole with the
//                           signature its signature_delta brought; for a
//                           block of another type (a server tool's call or
//                           result), the block whole with its input
//   message_delta        -> the finish chunk; output usage (cumulative)
//   message_stop         -> the end
//   ping, other content_block_stop -> nothing
//   error                -> an error (overloaded_error: upstream_unavailable)
// Tool calls are numbered 0, 1, ... in the order they start, whatever their
// block index, and keep their own id and name.
//
// With `json_answer` (response_format), the json_answer_tool call is the
// answer: its input deltas become content and its finish is `stop`.
class AnthropicStreamTranslator {
public:
    explicit AnthropicStreamTranslator(bool json_answer = false) : json_answer_(json_answer) {}

    domain::Result<std::vector<domain::StreamChunk>> on_event(std::string_view type, const boost::json::object& data);

    bool finished() const noexcept { return finished_; }
    const domain::StreamSummary& summary() const noexcept { return summary_; }

private:
    bool json_answer_;
    std::int64_t json_answer_block_ = -1;
    std::map<std::int64_t, int> tool_call_of_block_;
    // The thinking block being streamed (one at a time, as blocks are).
    std::int64_t thinking_block_ = -1;
    domain::ReasoningBlock thinking_;
    // The provider block being streamed (a server tool's call), with the
    // input its input_json_delta events bring.
    std::int64_t provider_block_ = -1;
    boost::json::object provider_content_;
    std::string provider_input_;
    int next_tool_call_ = 0;
    bool finished_ = false;
    domain::StreamSummary summary_;
};

}  // namespace llmgw::adapters
