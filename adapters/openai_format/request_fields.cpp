#include "adapters/openai_format/request_fields.hpp"

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_errors.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

const json::value* given(const json::object& object, std::string_view name) {
    const auto* value = object.if_contains(name);
    return value && !value->is_null() ? value : nullptr;
}

domain::Result<std::optional<double>> optional_number(const json::object& body, std::string_view name) {
    const auto* value = given(body, name);
    if (!value) return std::optional<double>{};
    if (!value->is_number()) return invalid_type(name, "a number", *value);
    return std::optional<double>{number_of(*value)};
}

domain::Result<std::optional<bool>> optional_bool(const json::object& body, std::string_view name) {
    const auto* value = given(body, name);
    if (!value) return std::optional<bool>{};
    if (!value->is_bool()) return invalid_type(name, "a boolean", *value);
    return std::optional<bool>{value->get_bool()};
}

domain::Result<std::string> required_string(const json::object& object, std::string_view name, const std::string& param) {
    const auto path = param.empty() ? std::string(name) : param + "." + std::string(name);
    const auto* value = given(object, name);
    if (!value) return missing_parameter(path);
    if (!value->is_string()) return invalid_type(path, "a string", *value);
    return std::string(value->get_string());
}

std::string element_of(const std::string& param, std::size_t index) {
    return param + "[" + std::to_string(index) + "]";
}

}  // namespace llmgw::adapters
