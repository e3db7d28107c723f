#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace llmgw::adapters {

// Lenient readers for upstream JSON: a member that is absent or of another
// type reads as "nothing" (null, 0, empty), because providers omit fields
// freely and a translation must not fail over what it can do without.

const boost::json::object* object_at(const boost::json::object& parent, std::string_view name) noexcept;
const boost::json::array* array_at(const boost::json::object& parent, std::string_view name) noexcept;
std::optional<std::string> optional_string_at(const boost::json::object& parent, std::string_view name);
std::string string_at(const boost::json::object& parent, std::string_view name);
std::int64_t integer_at(const boost::json::object& parent, std::string_view name) noexcept;
// A JSON number as a double (0 for anything else), without the throwing
// conversion.
double number_of(const boost::json::value& value) noexcept;
// An index (of a choice, a tool call): 0 when absent or out of [0, 2^31).
int index_at(const boost::json::object& parent, std::string_view name) noexcept;
// A count the upstream reports (tokens): 0 when absent; a value no count can
// have (negative, fractional, past 2^53) reads as domain::implausible_count.
std::int64_t count_at(const boost::json::object& parent, std::string_view name) noexcept;

}  // namespace llmgw::adapters
