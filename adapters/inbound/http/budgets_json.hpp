#pragma once

#include <string>
#include <vector>

#include "application/list_budgets.hpp"

namespace llmgw::adapters {

// The body of GET /v1/budgets:
//   {"object":"list","data":[{"scope","owner","period","limit_usd","spent_usd",
//     "reserved_usd","remaining_usd","percent","limit_nanousd","spent_nanousd",
//     "reserved_nanousd","period_start","resets_at" (null for total)}]}
std::string write_budgets(const std::vector<application::ListBudgets::Status>& statuses);

}  // namespace llmgw::adapters
