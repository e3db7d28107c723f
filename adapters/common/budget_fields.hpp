#pragma once

#include "adapters/openai_format/json_writer.hpp"
#include "domain/budget.hpp"

namespace llmgw::adapters {

// The fields that name a budget, as GET /v1/budgets and the alert events
// write them: scope, owner (null for the gateway's own) and period.
void write_budget_name(JsonWriter& writer, const domain::Budget& budget);

// The bounds of the period `line` stands in: period_start, and resets_at
// (null for a total budget, which never resets).
void write_period_bounds(JsonWriter& writer, const domain::BudgetLine& line);

}  // namespace llmgw::adapters
