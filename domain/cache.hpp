#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace llmgw::domain {

// Who may be served an answer another request stored: callers with the
// same key, team or project, or everyone. Two tenants share an entry only
// when both are in the global scope.
enum class CacheScope { key, team, project, global };

std::string_view to_string(CacheScope scope) noexcept;
// The scope named `name` ("key", "team", "project", "global"), if any.
std::optional<CacheScope> cache_scope_named(std::string_view name) noexcept;

// What a caller asks of the response cache for one request (HTTP
// Cache-Control and x-llmgw-cache-ttl, in no wire format).
struct CacheControl {
    bool no_cache = false;  // do not answer from the cache, but store the answer
    bool no_store = false;  // neither answer from it nor store
    // Accept only an entry at most this old (0: none, as no_cache).
    std::optional<std::chrono::seconds> max_age;
    // Keep the answer this long instead of the configured TTL.
    std::optional<std::chrono::seconds> ttl;
};

// How the response cache took part in a request: for the answer's
// x-llmgw-cache header, its log line and its span.
enum class CacheOutcome {
    none,       // the cache is off, or does not apply to the operation
    hit,        // answered from a stored entry
    miss,       // looked up (or lookup skipped by no-cache) and called upstream
    bypass,     // not cacheable (sampling, n > 1, no-store): neither looked up nor stored
    coalesced,  // answered by an identical request already in flight
};

std::string_view to_string(CacheOutcome outcome) noexcept;

struct CacheStatus {
    CacheOutcome outcome = CacheOutcome::none;
    std::chrono::seconds age{0};  // of the entry, on a hit
};

}  // namespace llmgw::domain
