#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>

#include "domain/cache.hpp"

namespace llmgw::application {

// How one model's answers are cached, whatever the gateway's mode says.
enum class ModelCaching { by_mode, always, never };

// Which answers are cached, for whom and for how long. Off by default:
// sampling makes answers differ between calls, and the caller has not
// agreed to get a previous one.
struct CachePolicy {
    bool enabled = false;
    // Identical cacheable requests in flight at once share one upstream
    // call; also without the cache (`enabled` false).
    bool coalesce = false;
    // deterministic: only requests whose answer should not vary (temperature
    // 0, or a seed); always: every cacheable request.
    enum class Mode { deterministic, always };
    Mode mode = Mode::deterministic;
    domain::CacheScope scope = domain::CacheScope::team;
    std::chrono::seconds ttl{300};
    // The longest a caller's x-llmgw-cache-ttl may keep an answer.
    std::chrono::seconds max_ttl{86'400};
    // By gateway model name; models not named follow `mode`.
    std::map<std::string, ModelCaching, std::less<>> models;
};

}  // namespace llmgw::application
