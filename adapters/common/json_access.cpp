#include "adapters/common/json_access.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

const json::object* object_at(const json::object& parent, std::string_view name) noexcept {
    const auto* value = parent.if_contains(name);
    return value && value->is_object() ? &value->get_object() : nullptr;
}

const json::array* array_at(const json::object& parent, std::string_view name) noexcept {
    const auto* value = parent.if_contains(name);
    return value && value->is_array() ? &value->get_array() : nullptr;
}

std::optional<std::string> optional_string_at(const json::object& parent, std::string_view name) {
    const auto* value = parent.if_contains(name);
    if (!value || !value->is_string()) return std::nullopt;
    return std::string(value->get_string());
}

std::string string_at(const json::object& parent, std::string_view name) {
    return optional_string_at(parent, name).value_or(std::string());
}

std::int64_t integer_at(const json::object& parent, std::string_view name) noexcept {
    const auto* value = parent.if_contains(name);
    if (!value || !value->is_number()) return 0;
    boost::system::error_code ignored;
    return value->to_number<std::int64_t>(ignored);
}

}  // namespace llmgw::adapters
