#include "adapters/common/budget_fields.hpp"

#include "domain/utc_time.hpp"

namespace llmgw::adapters {

void write_budget_name(JsonWriter& writer, const domain::Budget& budget) {
    writer.key("scope").string(domain::to_string(budget.scope));
    writer.key("owner");
    if (budget.owner.empty()) {
        writer.null();
    } else {
        writer.string(budget.owner);
    }
    writer.key("period").string(domain::to_string(budget.period));
}

void write_period_bounds(JsonWriter& writer, const domain::BudgetLine& line) {
    writer.key("period_start").string(domain::utc_timestamp(line.period_start));
    writer.key("resets_at");
    if (line.resets_at) {
        writer.string(domain::utc_timestamp(*line.resets_at));
    } else {
        writer.null();
    }
}

}  // namespace llmgw::adapters
