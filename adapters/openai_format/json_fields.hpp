#pragma once

#include <initializer_list>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/openai_format/json_writer.hpp"
#include "domain/chat_request.hpp"
#include "domain/raw_json.hpp"

namespace llmgw::adapters {

// The members of `object` whose names are not in `known`, as JSON text, in
// the order they came.
domain::RawJsonFields unknown_fields(const boost::json::object& object, std::initializer_list<std::string_view> known);

// Writes every raw field as a member of the object being written.
void write_raw_fields(JsonWriter& writer, const domain::RawJsonFields& fields);

bool has_field(const domain::RawJsonFields& fields, std::string_view name);

// The JSON text of the field `name`, or null.
const std::string* find_field(const domain::RawJsonFields& fields, std::string_view name);

// A pass-through field of the OpenAI dialect, for a translation to another
// provider's format; none when the request came in another dialect.
const std::string* openai_field(const domain::ChatRequest& request, std::string_view name);

}  // namespace llmgw::adapters
