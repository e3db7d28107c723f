#pragma once

#include <chrono>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/budget.hpp"
#include "domain/ports/budget_store.hpp"
#include "domain/ports/spend_history.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// Which budgets a call must fit in: every configured budget whose owner is
// the caller's key, team or project, every global one, and for a caller
// with an end user, the end-user default (one account per end user).
class BudgetPolicy {
public:
    BudgetPolicy() = default;
    // `budgets` name their owners; `end_user_defaults` have none and apply
    // to each end user on their own.
    BudgetPolicy(std::vector<domain::Budget> budgets, std::vector<domain::Budget> end_user_defaults);

    std::vector<domain::BudgetLine> lines_for(const domain::Attribution& caller,
                                              std::chrono::system_clock::time_point now) const;
    bool empty() const noexcept { return budgets_.empty() && end_user_defaults_.empty(); }

    const std::vector<domain::Budget>& budgets() const noexcept { return budgets_; }
    const std::vector<domain::Budget>& end_user_defaults() const noexcept { return end_user_defaults_; }

private:
    std::vector<domain::Budget> budgets_;
    std::vector<domain::Budget> end_user_defaults_;
    // "team:search" -> the indexes of its budgets in budgets_.
    std::unordered_map<std::string, std::vector<std::size_t>> by_owner_;
};

// Starts every budget's current period from what the ledger already holds,
// so that a restart resets nobody's budget.
void restore_budgets(const BudgetPolicy& policy, domain::SpendHistory& history, domain::BudgetStore& store,
                     std::chrono::system_clock::time_point now);

}  // namespace llmgw::application
