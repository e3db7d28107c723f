#include "adapters/openai_format/json_integer.hpp"

#include <limits>
#include <string>

#include "adapters/openai_format/json_errors.hpp"

namespace llmgw::adapters {

domain::Result<std::optional<std::int64_t>> optional_integer(const boost::json::object& body, std::string_view name,
                                                             std::int64_t min) {
    const auto* value = body.if_contains(name);
    if (!value || value->is_null()) return std::optional<std::int64_t>{};
    if (value->is_uint64()) {  // only holds what does not fit an int64
        return invalid_value(name, "integer above maximum value. Expected a value <= " +
                                       std::to_string(std::numeric_limits<std::int64_t>::max()) + ".");
    }
    if (!value->is_int64()) return invalid_type(name, "an integer", *value);
    const auto number = value->get_int64();
    if (number < min) return invalid_value(name, "expected a value >= " + std::to_string(min) + ".");
    return std::optional<std::int64_t>{number};
}

}  // namespace llmgw::adapters
