#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "adapters/openai_format/json_writer.hpp"
#include "domain/error.hpp"
#include "domain/message.hpp"

namespace llmgw::adapters {

std::string_view role_name(domain::Role role) noexcept;

// Parses one message of OpenAI's chat format; `path` (e.g. "messages[2]")
// names it in errors.
domain::Result<domain::Message> parse_message(const boost::json::value& json, const std::string& path);

// Writes a message as a request carries it.
void write_request_message(JsonWriter& writer, const domain::Message& message);

// Writes an answer's message the way OpenAI's responses carry it: `content`
// null when there is none, `refusal` and `annotations` always present.
void write_response_message(JsonWriter& writer, const domain::Message& message);

void write_tool_calls(JsonWriter& writer, const std::vector<domain::ToolCall>& calls);

}  // namespace llmgw::adapters
