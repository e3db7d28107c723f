#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace llmgw::domain {

// Who a request is billed to: the gateway API key that made it and the
// key's team, project and user. Empty when the gateway runs without keys.
struct Attribution {
    std::string api_key_id;
    std::string team;
    std::string project;
    std::string user;
};

struct ApiKey;

// What travels with a request through every use case besides the request
// itself, whatever protocol it came in on.
struct RequestContext {
    std::string request_id;
    Attribution caller;
    // When the caller stops waiting (a per-request time limit), on the
    // Clock's monotonic time: retries and fallbacks stop there too.
    std::optional<std::chrono::steady_clock::time_point> deadline;
    // The key the request authenticated with (owned by the key store);
    // null when the gateway runs without keys, or before authentication.
    const ApiKey* key = nullptr;
};

}  // namespace llmgw::domain
