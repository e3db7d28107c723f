#include "domain/request_limits.hpp"

#include <string>

namespace llmgw::domain {
namespace {

// Worded as OpenAI words its own limits.
Error array_too_long(const std::string& param, std::size_t limit, std::size_t length) {
    return make_error(ErrorCode::invalid_request,
                      "Invalid '" + param + "': array too long. Expected an array with maximum length " +
                          std::to_string(limit) + ", but got an array with length " + std::to_string(length) +
                          " instead.",
                      param);
}

Error integer_too_large(const std::string& param, std::int64_t limit, std::int64_t value) {
    return make_error(ErrorCode::invalid_request,
                      "Invalid '" + param + "': integer above maximum value. Expected a value <= " +
                          std::to_string(limit) + ", but got " + std::to_string(value) + " instead.",
                      param);
}

Result<void> check_count(const std::string& param, std::size_t length, std::size_t limit) {
    if (length > limit) return array_too_long(param, limit, length);
    return success();
}

Result<void> check_value(const std::string& param, const std::optional<std::int64_t>& value, std::int64_t limit) {
    if (value && *value > limit) return integer_too_large(param, limit, *value);
    return success();
}

}  // namespace

Result<void> check_limits(const ChatRequest& request, const RequestLimits& limits) {
    BOOST_OUTCOME_TRY(check_count("messages", request.messages.size(), limits.max_messages));
    BOOST_OUTCOME_TRY(check_count("tools", request.tools.size(), limits.max_tools));
    BOOST_OUTCOME_TRY(check_count("stop", request.stop.size(), limits.max_stop_sequences));
    BOOST_OUTCOME_TRY(check_value("n", request.n, limits.max_choices));
    if (request.max_tokens) {
        const char* param = request.max_tokens->from_max_completion_tokens ? "max_completion_tokens" : "max_tokens";
        BOOST_OUTCOME_TRY(check_value(param, request.max_tokens->value, limits.max_output_tokens));
    }
    return success();
}

Result<void> check_limits(const EmbeddingRequest& request, const RequestLimits& limits) {
    BOOST_OUTCOME_TRY(check_count("input", request.input_count, limits.max_embedding_inputs));
    return check_value("dimensions", request.dimensions, limits.max_embedding_dimensions);
}

Result<void> check_limits(const TextCompletionRequest& request, const RequestLimits& limits) {
    BOOST_OUTCOME_TRY(check_value("n", request.n, limits.max_choices));
    return check_value("max_tokens", request.max_tokens, limits.max_output_tokens);
}

}  // namespace llmgw::domain
