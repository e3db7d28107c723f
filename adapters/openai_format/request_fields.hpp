#pragma once

#include <optional>
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

}  // namespace llmgw::adapters
