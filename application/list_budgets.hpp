#pragma once

#include <vector>

#include "application/access_policy.hpp"
#include "application/budget_policy.hpp"
#include "domain/ports/budget_store.hpp"
#include "domain/ports/clock.hpp"

namespace llmgw::application {

// Use case: where budgets stand now. The admin key (or anyone, on an open
// gateway) sees every configured budget; any other key only the budgets
// its own calls must fit in.
class ListBudgets {
public:
    ListBudgets(const BudgetPolicy& policy, const domain::BudgetStore& store, const domain::Clock& clock,
                AccessPolicy access = {})
        : policy_(policy), store_(store), clock_(clock), access_(access) {}

    struct Status {
        domain::BudgetLine line;
        domain::BudgetStore::Standing standing;
    };
    std::vector<Status> operator()(const domain::RequestContext& context) const;

private:
    const BudgetPolicy& policy_;
    const domain::BudgetStore& store_;
    const domain::Clock& clock_;
    AccessPolicy access_;
};

}  // namespace llmgw::application
