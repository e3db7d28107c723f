#include "adapters/inbound/http/budgets_json.hpp"

#include <algorithm>
#include <cstdio>

#include "adapters/common/budget_fields.hpp"
#include "adapters/common/usd_text.hpp"
#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {

std::string write_budgets(const std::vector<application::ListBudgets::Status>& statuses) {
    JsonWriter writer;
    writer.begin_object().key("object").string("list").key("data").begin_array();
    for (const auto& status : statuses) {
        const auto& budget = status.line.budget;
        const auto spent = status.standing.spent;
        const auto reserved = status.standing.reserved;
        const auto remaining = std::max(budget.limit - spent - reserved, domain::NanoDollars{});
        // Hundredths of a percent, exactly, then as a number with two decimals.
        const auto basis_points = budget.limit.value > 0
                                      ? static_cast<std::int64_t>(__extension__(
                                            static_cast<__int128>(spent.value) * 10'000 / budget.limit.value))
                                      : 0;
        char percent[32];
        std::snprintf(percent, sizeof percent, "%lld.%02lld", static_cast<long long>(basis_points / 100),
                      static_cast<long long>(basis_points % 100));
        writer.begin_object();
        write_budget_name(writer, budget);
        writer.key("limit_usd").raw(usd_text(budget.limit));
        writer.key("spent_usd").raw(usd_text(spent));
        writer.key("reserved_usd").raw(usd_text(reserved));
        writer.key("remaining_usd").raw(usd_text(remaining));
        writer.key("percent").raw(percent);
        writer.key("limit_nanousd").number(budget.limit.value);
        writer.key("spent_nanousd").number(spent.value);
        writer.key("reserved_nanousd").number(reserved.value);
        write_period_bounds(writer, status.line);
        writer.end_object();
    }
    writer.end_array().end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
