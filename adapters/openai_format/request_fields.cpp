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

}  // namespace llmgw::adapters
