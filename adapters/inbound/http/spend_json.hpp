#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/spend_report.hpp"

namespace llmgw::adapters {

// The query of GET /v1/spend: `from` and `to` (RFC 3339 or a date; by
// default the current UTC month until now), `group_by` (team, project, key,
// user, model, provider, day; default team) and the filters key, team,
// project, user, model and provider. Anything else is a 400.
domain::Result<domain::SpendQuery> parse_spend_query(std::string_view target, std::chrono::system_clock::time_point now);

// {"object":"list","from","to","group_by","data":[{"group" (null for rows
// without one),"requests","errors","prompt_tokens","completion_tokens",
// "cached_prompt_tokens","cache_hits","cache_hit_rate","cost_usd",
// "cost_nanousd","saved_usd","saved_nanousd"}]}
std::string write_spend(const domain::SpendQuery& query, const std::vector<domain::SpendGroup>& groups);

}  // namespace llmgw::adapters
