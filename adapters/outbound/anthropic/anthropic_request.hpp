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
// - `reasoning_effort` turns extended thinking on (see AnthropicThinking),
//   and an assistant message's reasoning blocks go back first in its turn,
//   unchanged, as Anthropic requires within a tool loop.
// Fails with invalid_request for what Anthropic cannot express (n > 1,
// audio or file parts, tool-call arguments that are not a JSON object,
// response_format beside tools or with a schema that is not an object;
// with reasoning_effort: a temperature other than 1, top_p below 0.95, a
// forced tool_choice, response_format, or max_tokens of 1024 or less in
// budget mode).
//
// How a model thinks:
// - budget: `thinking: {type: enabled, budget_tokens}`, the budget a share
//   of max_tokens (minimal 10 %, low 20 %, medium 50 %, high 80 %, xhigh
//   95 %) within [1024, 32000], as OpenRouter maps effort: reasoning comes
//   out of max_tokens, as in OpenAI's reasoning models. Claude 4.5 and earlier.
// - adaptive: `thinking: {type: adaptive}` with `output_config.effort`
//   (minimal and low: low, medium, high, xhigh: max). Claude 4.6 and later,
//   where the budget form is deprecated or refused.
// A tool loop continued without the blocks of the call it answers (a client
// that does not keep `thinking_blocks`) is sent without thinking: Anthropic
// refuses thinking there, and the turn is the client's to finish.
enum class AnthropicThinking { budget, adaptive };
// adaptive for every model but those known to predate it (claude-3-*, and
// the Claude 4 models up to 4.5).
AnthropicThinking default_thinking(std::string_view upstream_model) noexcept;

struct AnthropicModelOptions {
    // Anthropic requires max_tokens: the value for a request that sets none.
    std::int64_t max_tokens_default = 4096;
    AnthropicThinking thinking = AnthropicThinking::adaptive;
};

domain::Result<std::string> write_anthropic_request(const domain::ChatRequest& request, std::string_view model,
                                                    const AnthropicModelOptions& options, bool stream);

// The tool that carries a JSON answer (response_format), and whether a
// request asks for one.
inline constexpr std::string_view json_answer_tool = "json_answer";
bool answers_as_json(const domain::ChatRequest& request);

}  // namespace llmgw::adapters
