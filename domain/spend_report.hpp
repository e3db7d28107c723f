#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/money.hpp"

namespace llmgw::domain {

// What the ledger's spend is totalled by.
enum class SpendGrouping { team, project, key, user, model, provider, day };

// A question to the ledger: spend from `from` (inclusive) to `to`
// (exclusive), in groups, of the rows that match every filter given.
struct SpendQuery {
    std::chrono::system_clock::time_point from;
    std::chrono::system_clock::time_point to;
    SpendGrouping group_by = SpendGrouping::team;
    std::optional<std::string> key_id;
    std::optional<std::string> team;
    std::optional<std::string> project;
    std::optional<std::string> end_user;
    std::optional<std::string> model;  // the model that served
    std::optional<std::string> provider;
};

// One group's totals.
struct SpendGroup {
    std::string group;  // empty for rows without one (no team, ...)
    std::int64_t requests = 0;
    std::int64_t errors = 0;
    std::int64_t prompt_tokens = 0;
    std::int64_t completion_tokens = 0;
    std::int64_t cached_prompt_tokens = 0;
    std::int64_t cache_hits = 0;
    NanoDollars cost;
    NanoDollars saved;
};

// The most groups one report holds (the costliest first).
inline constexpr std::size_t max_spend_groups = 1000;

}  // namespace llmgw::domain
