#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/cache.hpp"
#include "domain/money.hpp"
#include "domain/usage.hpp"

namespace llmgw::domain {

// What became of a request that asked for a model, as its ledger row says
// when it closes (RequestRecord fills it in): for the front door's access
// log line and the request's span.
struct RequestOutcome {
    bool known = false;        // the row closed and told all the rest
    std::string model;         // as the client asked
    std::string served_model;  // the deployment that answered; empty when none did
    std::string provider;
    std::string api_key_id;
    std::string team;
    std::string project;
    std::string error_code;  // empty when answered
    bool stream = false;
    bool cache_hit = false;
    CacheOutcome cache = CacheOutcome::none;  // how the response cache took part
    Usage usage;
    NanoDollars cost;
    int attempts = 0;
    std::optional<std::int64_t> ttft_ms;
};

}  // namespace llmgw::domain
