#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "adapters/openai_format/json_integer.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// Readers of a client's request fields, for every dialect's parser: a field
// that is absent or null is not given; one of the wrong type is a 400 that
// names it.

const boost::json::value* given(const boost::json::object& object, std::string_view name);
domain::Result<std::optional<double>> optional_number(const boost::json::object& body, std::string_view name);
domain::Result<std::optional<bool>> optional_bool(const boost::json::object& body, std::string_view name);
// The string member `name` of the object at `param` (empty: the body).
domain::Result<std::string> required_string(const boost::json::object& object, std::string_view name,
                                            const std::string& param);
// `param[index]`, the name of an array's element in an error.
std::string element_of(const std::string& param, std::size_t index);

}  // namespace llmgw::adapters
