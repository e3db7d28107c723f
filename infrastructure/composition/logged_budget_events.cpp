#include "infrastructure/composition/logged_budget_events.hpp"

#include <string>

namespace llmgw::infrastructure {

void LoggedBudgetEvents::threshold_crossed(const domain::BudgetLine& line, int percent, domain::NanoDollars spent) {
    const auto& budget = line.budget;
    logger_.warn("budget_threshold", {{"scope", domain::to_string(budget.scope)},
                                      {"owner", budget.owner},
                                      {"period", domain::to_string(budget.period)},
                                      {"percent", std::to_string(percent)},
                                      {"limit_nanousd", std::to_string(budget.limit.value)},
                                      {"spent_nanousd", std::to_string(spent.value)}});
    if (next_) next_->threshold_crossed(line, percent, spent);
}

}  // namespace llmgw::infrastructure
