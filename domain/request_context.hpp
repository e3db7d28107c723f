#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "domain/cache.hpp"
#include "domain/trace_context.hpp"

namespace llmgw::domain {

// Who a request is billed to and what it belongs to: the gateway API key
// that made it and the key's team, project and user (empty when the gateway
// runs without keys), and what the caller says of itself: the end user (the
// key's user, else the request's `user` field), its session, the agent that
// sent it and free tags. All of it reaches the ledger.
struct Attribution {
    std::string api_key_id;
    std::string team;
    std::string project;
    std::string user;
    std::string end_user;
    std::string session_id;
    std::string source_agent;
    std::vector<std::string> tags;
};

struct ApiKey;
struct RateLimitStatus;
struct LedgerRow;
struct RequestOutcome;
struct RequestTrace;

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
    // When the gateway received the request, on the Clock's monotonic time.
    std::chrono::steady_clock::time_point received_at{};
    // The request's ledger row, which its attempts add their cost to (owned
    // by the front door's RequestRecord); null when nothing records it.
    LedgerRow* row = nullptr;
    // The id the caller gave the request (X-Request-Id), if any; not unique.
    std::string client_request_id;
    // The gateway's span of the request in its trace; each upstream attempt
    // is a child of it.
    TraceContext trace;
    // Where the request's steps and attempts are written down for its
    // trace (owned by the front door); null when the trace is not sampled.
    RequestTrace* recording = nullptr;
    // Where the request's outcome is told when its ledger row closes (owned
    // by the front door); null when nobody asks.
    RequestOutcome* outcome = nullptr;
    // What the caller asked of the response cache for this request.
    CacheControl cache_control;
    // Where the use case tells how the cache took part, before the answer's
    // first byte (owned by the front door); null when nobody asks.
    CacheStatus* cache_status = nullptr;
    // Where rate limiting tells the state of the caller's tightest windows,
    // for its headers (owned by the front door); null when nobody asks.
    RateLimitStatus* rate_limit_status = nullptr;
};

}  // namespace llmgw::domain
