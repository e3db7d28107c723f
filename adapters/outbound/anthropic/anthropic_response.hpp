#pragma once

#include <optional>
#include <string_view>

#include <boost/json/object.hpp>

#include "domain/chat_response.hpp"
#include "domain/error.hpp"
#include "domain/usage.hpp"

namespace llmgw::adapters {

// An Anthropic `message` to a domain response: text blocks joined into the
// content, `tool_use` blocks into tool calls (arguments as JSON text),
// thinking blocks as reasoning, and any other block (a server tool's)
// whole as an opaque part where it stood; a text block with citations is a
// text part of its own that keeps the block whole in `raw`. With `json_answer`, the input of the
// json_answer_tool call is the answer's content (plain JSON text) and the
// answer finishes with `stop`.
domain::Result<domain::ChatResponse> parse_anthropic_response(const boost::json::object& message,
                                                              bool json_answer = false);

// end_turn, stop_sequence, pause_turn -> stop; max_tokens -> length;
// tool_use -> tool_calls; refusal -> content_filter. None for null.
std::optional<domain::FinishReason> anthropic_finish_reason(const boost::json::value& stop_reason);

// Anthropic counts cache reads and writes apart from `input_tokens`; the
// domain counts them inside prompt_tokens, as OpenAI does.
domain::Usage anthropic_usage(const boost::json::object& usage);

// A content block of a type the gateway does not translate (a server
// tool's call or result: server_tool_use, web_search_tool_result, ...),
// which passes whole to a client of Anthropic's own API.
bool is_provider_block(std::string_view type) noexcept;

}  // namespace llmgw::adapters
