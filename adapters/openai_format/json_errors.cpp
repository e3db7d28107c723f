#include "adapters/openai_format/json_errors.hpp"

namespace llmgw::adapters {

std::string_view json_kind_name(const boost::json::value& value) noexcept {
    switch (value.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "an integer";
    case boost::json::kind::double_: return "a decimal";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
    }
    return "a value";
}

domain::Error missing_parameter(std::string_view param) {
    return domain::make_error(domain::ErrorCode::invalid_request,
                              "Missing required parameter: '" + std::string(param) + "'.", std::string(param));
}

domain::Error invalid_type(std::string_view param, std::string_view expected, const boost::json::value& got) {
    return domain::make_error(domain::ErrorCode::invalid_request,
                              "Invalid type for '" + std::string(param) + "': expected " + std::string(expected) +
                                  ", but got " + std::string(json_kind_name(got)) + " instead.",
                              std::string(param));
}

domain::Error invalid_value(std::string_view param, std::string_view problem) {
    return domain::make_error(domain::ErrorCode::invalid_request,
                              "Invalid value for '" + std::string(param) + "': " + std::string(problem),
                              std::string(param));
}

}  // namespace llmgw::adapters
