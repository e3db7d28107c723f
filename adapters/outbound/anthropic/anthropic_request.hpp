#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/chat_request.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// A domain chat request as an Anthropic Messages API body:
// - system and developer messages become the top-level `system` blocks;
// - `tool` messages become `tool_result` blocks in a user turn, assistant
//   tool calls `tool_use` blocks, and consecutive turns of one role are
//   merged, as Anthropic requires;
// - `image_url` parts become image blocks (data: URLs as base64 sources,
//   http(s) URLs as url sources); text parts keep a `cache_control`;
// - `max_tokens` is the request's or `max_tokens_default`; `stop` becomes
//   `stop_sequences`; tools get `input_schema`; `tool_choice` maps to
//   auto/none/any/tool; `user` becomes `metadata.user_id` and
//   `parallel_tool_calls: false` becomes `disable_parallel_tool_use`.
// Fails with invalid_request for what Anthropic cannot express (n > 1,
// audio or file parts, tool-call arguments that are not a JSON object).
domain::Result<std::string> write_anthropic_request(const domain::ChatRequest& request, std::string_view model,
                                                    std::int64_t max_tokens_default, bool stream);

}  // namespace llmgw::adapters
