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
// - `response_format` json_object / json_schema becomes one tool whose
//   input schema is the requested one, forced by `tool_choice`: Anthropic's
//   way to structured output on every model. The answer translators unwrap
//   that tool's input into plain JSON content (see json_answer_tool).
// Fails with invalid_request for what Anthropic cannot express (n > 1,
// audio or file parts, tool-call arguments that are not a JSON object,
// response_format beside tools or with a schema that is not an object,
// reasoning_effort).
domain::Result<std::string> write_anthropic_request(const domain::ChatRequest& request, std::string_view model,
                                                    std::int64_t max_tokens_default, bool stream);

// The tool that carries a JSON answer (response_format), and whether a
// request asks for one.
inline constexpr std::string_view json_answer_tool = "json_answer";
bool answers_as_json(const domain::ChatRequest& request);

}  // namespace llmgw::adapters
