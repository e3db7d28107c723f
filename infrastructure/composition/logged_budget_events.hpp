#pragma once

#include "application/budget_alerts.hpp"
#include "observability/logger.hpp"

namespace llmgw::infrastructure {

// Budget thresholds as warnings in the log (`budget_threshold`), for the
// operators: the scope, owner, period, percent, limit and spend; then passed
// on to `next` (the webhook) when there is one.
class LoggedBudgetEvents final : public application::BudgetEvents {
public:
    explicit LoggedBudgetEvents(observability::Logger& logger, application::BudgetEvents* next = nullptr)
        : logger_(logger), next_(next) {}

    void threshold_crossed(const domain::BudgetLine& line, int percent, domain::NanoDollars spent) override;

private:
    observability::Logger& logger_;
    application::BudgetEvents* next_;
};

}  // namespace llmgw::infrastructure
