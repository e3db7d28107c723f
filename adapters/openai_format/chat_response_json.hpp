#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "adapters/openai_format/json_writer.hpp"
#include "domain/chat_response.hpp"
#include "domain/error.hpp"
#include "domain/usage.hpp"

namespace llmgw::adapters {

// What identifies an answer on the wire: the same for every chunk of a stream.
struct AnswerIdentity {
    std::string id;
    std::int64_t created = 0;
    std::string model;
};

// An OpenAI-compatible upstream's `chat.completion` to a domain response.
domain::Result<domain::ChatResponse> parse_chat_response(const boost::json::object& body);

// A domain response as OpenAI's `chat.completion` object.
std::string write_chat_response(const domain::ChatResponse& response, const AnswerIdentity& identity);

domain::Usage parse_usage(const boost::json::object& usage);
void write_usage(JsonWriter& writer, const domain::Usage& usage);

// OpenAI's finish_reason strings; unknown ones read as `stop`, null as none.
std::optional<domain::FinishReason> parse_finish_reason(const boost::json::value& value);

}  // namespace llmgw::adapters
