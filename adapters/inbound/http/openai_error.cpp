#include "adapters/inbound/http/openai_error.hpp"

#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
using boost::beast::http::status;

std::string OpenAiError::body() const {
    JsonWriter writer;
    writer.begin_object().key("error").begin_object();
    writer.key("message").string(message).key("type").string(type);
    writer.key("param");
    param.empty() ? writer.null() : writer.string(param);
    writer.key("code");
    code.empty() ? writer.null() : writer.string(code);
    writer.end_object().end_object();
    return writer.take();
}

OpenAiError to_openai_error(const domain::Error& error) {
    using domain::ErrorCode;
    OpenAiError out;
    out.message = error.message;
    out.param = error.param;
    out.retry_after = error.retry_after;
    switch (error.code) {
    case ErrorCode::invalid_request: out.status = status::bad_request; out.type = "invalid_request_error"; break;
    case ErrorCode::model_not_found:
        out.status = status::not_found;
        out.type = "invalid_request_error";
        out.code = "model_not_found";
        break;
    case ErrorCode::model_not_allowed:
        out.status = status::forbidden;
        out.type = "permission_error";
        out.code = "model_not_allowed";
        break;
    case ErrorCode::forbidden:
        out.status = status::forbidden;
        out.type = "permission_error";
        out.code = "forbidden";
        break;
    case ErrorCode::unauthorized:
        out.status = status::unauthorized;
        out.type = "invalid_request_error";  // as OpenAI types a 401
        out.code = "invalid_api_key";
        break;
    case ErrorCode::rate_limited:
        out.status = status::too_many_requests;
        out.type = "rate_limit_error";
        out.code = "rate_limit_exceeded";
        break;
    case ErrorCode::rate_limit_exceeded:
        // As OpenAI answers its own limits: the type says what ran out.
        out.status = status::too_many_requests;
        out.type = error.exhausted.empty() ? "requests" : error.exhausted;
        out.code = "rate_limit_exceeded";
        break;
    case ErrorCode::budget_exceeded:
        out.status = status::too_many_requests;
        out.type = "insufficient_quota";
        out.code = "budget_exceeded";
        break;
    case ErrorCode::content_policy_violation:
        out.status = status::bad_request;
        out.type = "invalid_request_error";
        out.code = "content_policy_violation";
        break;
    case ErrorCode::payload_too_large:
        out.status = status::payload_too_large;
        out.type = "invalid_request_error";
        out.code = "payload_too_large";
        break;
    case ErrorCode::upstream_timeout:
        out.status = status::gateway_timeout;
        out.type = "api_error";
        out.code = "upstream_timeout";
        break;
    case ErrorCode::upstream_unavailable:
        out.status = status::service_unavailable;
        out.type = "api_error";
        out.code = "upstream_unavailable";
        break;
    case ErrorCode::upstream_error:
        out.status = status::bad_gateway;
        out.type = "api_error";
        out.code = "upstream_error";
        break;
    case ErrorCode::client_closed:
        // Nobody is left to read it; the status is what the access log shows.
        out.status = static_cast<status>(499);
        out.type = "api_error";
        out.code = "client_closed";
        break;
    case ErrorCode::ledger_unavailable:
        out.status = status::service_unavailable;
        out.type = "api_error";
        out.code = "ledger_unavailable";
        break;
    case ErrorCode::shared_state_unavailable:
        out.status = status::service_unavailable;
        out.type = "api_error";
        out.code = "shared_state_unavailable";
        break;
    case ErrorCode::internal:
        out.status = status::internal_server_error;
        out.type = "api_error";
        out.code = "internal_error";
        break;
    }
    return out;
}

OpenAiError route_not_found(std::string_view method, std::string_view target) {
    return {status::not_found, "invalid_request_error", "unknown_url",
            "Invalid URL (" + std::string(method) + " " + std::string(target) + ")", {}, std::nullopt};
}

OpenAiError method_not_allowed(std::string_view method, std::string_view target) {
    return {status::method_not_allowed, "invalid_request_error", "method_not_allowed",
            "Method " + std::string(method) + " is not allowed on " + std::string(target) + ".", {}, std::nullopt};
}

OpenAiError body_not_json() {
    return {status::bad_request, "invalid_request_error", "invalid_json",
            "We could not parse the JSON body of your request. The API expects a JSON object as the body.", {},
            std::nullopt};
}

}  // namespace llmgw::adapters
