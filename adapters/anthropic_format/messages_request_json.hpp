#pragma once

#include <boost/json/object.hpp>

#include "domain/chat_request.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// A request of Anthropic's Messages API (POST /v1/messages) in the domain's
// terms, in Anthropic's dialect: `system` (a string or text blocks),
// `messages` (text, image, tool_use, tool_result, thinking and
// redacted_thinking blocks, with their cache_control marks), `tools`,
// `tool_choice`, `stop_sequences`, `max_tokens`, `temperature`, `top_p`,
// `top_k` and `stream` are translated; every other field (thinking,
// metadata, service_tier, ...) passes through verbatim to an Anthropic
// deployment and to no other. A user turn's tool_result blocks become tool
// messages ahead of the rest of the turn.
//
// `max_tokens` is required, as Anthropic requires it, unless the request
// only counts tokens (POST /v1/messages/count_tokens).
enum class MaxTokensRule { required, optional };
domain::Result<domain::ChatRequest> parse_messages_request(const boost::json::object& body, MaxTokensRule max_tokens);

// A block the gateway does not translate but an Anthropic deployment takes
// whole, as an opaque part: a `document` (a PDF, text) or a `search_result`
// in a user turn or a tool result, and what a server tool leaves in an
// assistant turn (server_tool_use, mcp_tool_use, web_search_tool_result and
// the other *_tool_result blocks, container_upload). Any other provider
// refuses a request that holds one.
bool is_anthropic_only_block(std::string_view type) noexcept;

}  // namespace llmgw::adapters
