#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "domain/budget.hpp"
#include "domain/money.hpp"

namespace llmgw::domain {

// What the ledger already holds of past spend, for budgets to start from.
// Blocking (a database query): for start-up, before any event loop runs.
class SpendHistory {
public:
    virtual ~SpendHistory() = default;

    struct OwnerSpend {
        std::string owner;  // key id, team, project or end user; empty for global
        NanoDollars spent;
    };
    // What each owner of `scope` spent from `since` on (global: one total).
    virtual std::vector<OwnerSpend> spend_since(BudgetScope scope, std::chrono::system_clock::time_point since) = 0;
};

}  // namespace llmgw::domain
