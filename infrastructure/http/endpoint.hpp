#pragma once

#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace llmgw::infrastructure {

// Where an upstream lives, parsed once from a provider's base_url.
struct Endpoint {
    std::string host;
    std::string port;
    bool tls = false;
    std::string base_path;  // without a trailing slash, e.g. "/v1"

    // The Host header value: the port only when it is not the scheme's default.
    std::string host_header() const;
    // The key under which idle connections to this endpoint are pooled.
    std::string pool_key() const;
};

// Accepts http:// and https:// URLs with an optional port and path.
domain::Result<Endpoint> parse_endpoint(std::string_view base_url);

// The same for a URL from the configuration: throws std::invalid_argument
// saying that `what` must be http(s) (never quoting the URL, which may hold
// a credential).
Endpoint configured_endpoint(std::string_view url, std::string_view what);

// The path and query of a URL as a request target ("/hooks/abc?token=x";
// "/" when it has neither); empty when `url` is not one.
std::string request_target(std::string_view url);

}  // namespace llmgw::infrastructure
