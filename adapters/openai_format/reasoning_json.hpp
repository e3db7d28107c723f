#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "adapters/openai_format/json_writer.hpp"
#include "domain/error.hpp"
#include "domain/message.hpp"

namespace llmgw::adapters {

// Reasoning blocks in the shape Anthropic gives them and wants them back:
//   {"type":"thinking","thinking":"...","signature":"..."}
//   {"type":"redacted_thinking","data":"..."}
// with the provider's id of the block as `id` when it has one (OpenAI's).
// The OpenAI dialect has no field for them; the gateway uses the one that
// LiteLLM made common, `thinking_blocks` on an assistant message (and on a
// streamed delta), beside `reasoning_content` with the text alone.

// A block as Anthropic sent it; nothing for a block of another type.
std::optional<domain::ReasoningBlock> reasoning_block_of(const boost::json::object& block);
void write_reasoning_block(JsonWriter& writer, const domain::ReasoningBlock& block);
void write_reasoning_blocks(JsonWriter& writer, const std::vector<domain::ReasoningBlock>& blocks);

// The members of an answer (or a delta) that carry `blocks`: their text as
// `text_key` and, when the provider signed them, the blocks themselves as
// `thinking_blocks`, to be sent back.
void write_reasoning(JsonWriter& writer, const std::vector<domain::ReasoningBlock>& blocks, std::string_view text_key);

// A client's block (at `param`), checked: a block the provider would refuse
// is a 400 naming it, not a failed upstream call.
domain::Result<domain::ReasoningBlock> parse_thinking_block(const boost::json::object& block, const std::string& param);
// A client's `thinking_blocks` (at `param`), each checked.
domain::Result<std::vector<domain::ReasoningBlock>> parse_thinking_blocks(const boost::json::value& value,
                                                                         const std::string& param);

}  // namespace llmgw::adapters
