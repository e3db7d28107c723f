#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <boost/beast/http/status.hpp>

#include "domain/error.hpp"

namespace llmgw::adapters {

// An error as the OpenAI REST API presents it: an HTTP status and the body
// {"error": {"message", "type", "param", "code"}}.
struct OpenAiError {
    boost::beast::http::status status = boost::beast::http::status::internal_server_error;
    std::string type;
    std::string code;  // empty is written as null
    std::string message;
    std::string param;  // empty is written as null
    std::optional<std::chrono::seconds> retry_after;

    std::string body() const;
};

// The one place where domain errors become HTTP statuses.
OpenAiError to_openai_error(const domain::Error& error);

// Errors of the HTTP exchange itself, before any use case runs.
OpenAiError route_not_found(std::string_view method, std::string_view target);
OpenAiError method_not_allowed(std::string_view method, std::string_view target);
OpenAiError body_not_json();

}  // namespace llmgw::adapters
