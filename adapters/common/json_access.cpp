#include "adapters/common/json_access.hpp"

#include <limits>

#include "domain/usage.hpp"

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

double number_of(const json::value& value) noexcept {
    if (value.is_double()) return value.get_double();
    if (value.is_int64()) return static_cast<double>(value.get_int64());
    if (value.is_uint64()) return static_cast<double>(value.get_uint64());
    return 0;
}

int index_at(const json::object& parent, std::string_view name) noexcept {
    const auto number = integer_at(parent, name);
    return number >= 0 && number <= std::numeric_limits<int>::max() ? static_cast<int>(number) : 0;
}

std::int64_t count_at(const json::object& parent, std::string_view name) noexcept {
    const auto* value = parent.if_contains(name);
    if (!value || value->is_null()) return 0;
    if (value->is_int64() && value->get_int64() >= 0 && value->get_int64() < domain::implausible_count) {
        return value->get_int64();
    }
    if (value->is_double()) {
        const double number = value->get_double();
        const bool whole = number >= 0 && number < static_cast<double>(domain::implausible_count) &&
                           number == static_cast<double>(static_cast<std::int64_t>(number));
        if (whole) return static_cast<std::int64_t>(number);
    }
    return domain::implausible_count;
}

}  // namespace llmgw::adapters
