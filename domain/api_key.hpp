#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/request_context.hpp"

namespace llmgw::domain {

// Whether `name` matches the glob `pattern`: `*` stands for any run of
// characters (also none), `?` for exactly one, anything else for itself.
bool matches_glob(std::string_view pattern, std::string_view name) noexcept;

// A gateway API key as policy sees it; the secret itself never leaves the
// key store, which knows only its SHA-256.
struct ApiKey {
    Attribution owner;  // api_key_id, team, project, user
    // Glob patterns of the models it may call: the key's own list, else its
    // team's; none means every configured model.
    std::optional<std::vector<std::string>> models;
    std::optional<std::chrono::system_clock::time_point> expires_at;
    // The admin key: every model, and (with the analytics endpoints) every
    // tenant's figures.
    bool admin = false;
    // The key's own response cache scope (else the gateway's), and whether
    // its callers' Cache-Control and x-llmgw-cache-ttl are honoured.
    std::optional<CacheScope> cache_scope;
    bool cache_controls = true;

    bool may_use(std::string_view model) const noexcept;
    bool expired(std::chrono::system_clock::time_point now) const noexcept { return expires_at && now >= *expires_at; }
};

}  // namespace llmgw::domain
