#include "application/budget_alerts.hpp"

#include <algorithm>

namespace llmgw::application {

BudgetAlerts::BudgetAlerts(BudgetEvents& events, std::vector<int> thresholds, std::size_t max_accounts)
    : events_(events), thresholds_([&] {
          std::sort(thresholds.begin(), thresholds.end());
          return thresholds;
      }()),
      max_accounts_(max_accounts) {}

void BudgetAlerts::check(const domain::BudgetLine& line, domain::NanoDollars spent) {
    const auto limit = line.budget.limit.value;
    if (limit <= 0 || thresholds_.empty()) return;
    // In 128 bits: a limit near the top of int64 times 100 must not overflow.
    const auto percent = static_cast<std::int64_t>(__extension__(static_cast<__int128>(spent.value) * 100 / limit));
    int crossed = 0;
    for (const int threshold : thresholds_) {
        if (percent >= threshold) crossed = threshold;
    }
    if (crossed == 0) return;
    {
        std::lock_guard lock(mutex_);
        auto found = reported_.find(line.account);
        if (found == reported_.end()) {
            // Accounts of end users come and go: forget past periods first.
            if (reported_.size() >= max_accounts_) {
                std::erase_if(reported_, [&](const auto& entry) { return entry.second.period_start < line.period_start; });
            }
            if (reported_.size() >= max_accounts_) return;
            found = reported_.emplace(line.account, Reported{line.period_start, 0}).first;
        }
        auto& reported = found->second;
        if (reported.period_start < line.period_start) reported = {line.period_start, 0};
        if (crossed <= reported.percent) return;
        reported.percent = crossed;
    }
    events_.threshold_crossed(line, crossed, spent);
}

}  // namespace llmgw::application
