#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "domain/error.hpp"

namespace llmgw::adapters {

// The request-validation errors, worded the way OpenAI words them so that
// clients see familiar messages.
domain::Error missing_parameter(std::string_view param);
domain::Error invalid_type(std::string_view param, std::string_view expected, const boost::json::value& got);
domain::Error invalid_value(std::string_view param, std::string_view problem);

std::string_view json_kind_name(const boost::json::value& value) noexcept;

}  // namespace llmgw::adapters
