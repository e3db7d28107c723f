#include "application/list_budgets.hpp"

namespace llmgw::application {

std::vector<ListBudgets::Status> ListBudgets::operator()(const domain::RequestContext& context) const {
    const auto now = clock_.now();
    std::vector<domain::BudgetLine> lines;
    if (access_.require_admin(context)) {
        for (const auto& budget : policy_.budgets()) lines.push_back(domain::budget_line(budget, now));
    } else {
        lines = policy_.lines_for(context.caller, now);
    }
    std::vector<Status> statuses;
    statuses.reserve(lines.size());
    for (auto& line : lines) {
        const auto standing = store_.standing(line);
        statuses.push_back({std::move(line), standing});
    }
    return statuses;
}

}  // namespace llmgw::application
