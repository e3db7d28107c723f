#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/budget.hpp"

namespace llmgw::application {

// Where budget alerts go: the log, and a webhook when configured.
class BudgetEvents {
public:
    virtual ~BudgetEvents() = default;
    // `line`'s spend reached `percent` of its limit in the current period.
    virtual void threshold_crossed(const domain::BudgetLine& line, int percent, domain::NanoDollars spent) = 0;
};

// Soft thresholds: reports each threshold a budget's spend crosses once per
// period (the highest one when a call crosses several).
class BudgetAlerts {
public:
    explicit BudgetAlerts(BudgetEvents& events, std::vector<int> thresholds = {50, 80, 100},
                          std::size_t max_accounts = 100'000);

    // `line` has spent `spent` so far this period.
    void check(const domain::BudgetLine& line, domain::NanoDollars spent);

private:
    struct Reported {
        std::chrono::system_clock::time_point period_start;
        int percent = 0;
    };

    BudgetEvents& events_;
    const std::vector<int> thresholds_;  // ascending
    const std::size_t max_accounts_;
    std::mutex mutex_;
    std::unordered_map<std::string, Reported> reported_;
};

}  // namespace llmgw::application
