#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "adapters/openai_format/json_writer.hpp"
#include "domain/chat_response.hpp"
#include "domain/usage.hpp"

namespace llmgw::adapters {

// Answers in the shape of Anthropic's Messages API.

// What names an answer: its `id` (msg_...) and `model` (the gateway's name
// of the model that answered).
struct MessageIdentity {
    std::string id;
    std::string model;
};

// The id of an answer: the upstream's when it is Anthropic's own
// (msg_...), else a new one.
std::string message_id_of(std::string_view upstream_id);

// `end_turn`, `stop_sequence` (when the provider named the sequence),
// `max_tokens`, `tool_use` or `refusal`.
std::string_view stop_reason_of(std::optional<domain::FinishReason> reason, std::string_view stop_sequence);

// {"input_tokens","cache_creation_input_tokens","cache_read_input_tokens",
// "output_tokens"}: Anthropic counts the prompt tokens read from and written
// to its cache apart from `input_tokens`.
void write_message_usage(JsonWriter& writer, const domain::Usage& usage);

// A tool call's arguments as the `input` object of a tool_use block: `{}`
// when the model gave none; arguments that are not a JSON object (a
// model's slip) are kept whole as {"_raw_arguments": "..."}, for the tool
// to refuse and the model to retry, rather than lost.
std::string tool_input_of(std::string_view arguments);

// The whole `message` object of a non-streamed answer: its first choice's
// reasoning (thinking blocks), text and tool calls (tool_use blocks).
std::string write_message(const domain::ChatResponse& response, const MessageIdentity& identity);

// {"type":"error","error":{"type","message"},"request_id"}, the error type named as
// Anthropic names the HTTP status (invalid_request_error,
// authentication_error, permission_error, not_found_error,
// request_too_large, rate_limit_error, api_error, timeout_error,
// overloaded_error).
std::string_view anthropic_error_type(unsigned status) noexcept;
std::string write_anthropic_error(unsigned status, std::string_view message, std::string_view request_id);

}  // namespace llmgw::adapters
