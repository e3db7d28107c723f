#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/money.hpp"

namespace llmgw::domain {

// Whose spend a budget limits: the whole gateway, or one key, team,
// project or end user.
enum class BudgetScope { global, key, team, project, end_user };
// Over what time: a UTC calendar day, an ISO week (from Monday), a calendar
// month, or for ever.
enum class BudgetPeriod { daily, weekly, monthly, total };

std::string_view to_string(BudgetScope scope) noexcept;
std::string_view to_string(BudgetPeriod period) noexcept;

// When the period that holds `at` began (the epoch for `total`), and when
// it ends (none for `total`).
std::chrono::system_clock::time_point period_start(BudgetPeriod period, std::chrono::system_clock::time_point at);
std::optional<std::chrono::system_clock::time_point> period_end(BudgetPeriod period,
                                                                std::chrono::system_clock::time_point at);

// One budget: at most `limit` over each `period` for `owner` (the key id,
// team, project or end user; empty for global).
struct Budget {
    BudgetScope scope = BudgetScope::global;
    std::string owner;
    BudgetPeriod period = BudgetPeriod::monthly;
    NanoDollars limit;
};

// A budget as one hold meets it: its account in the current period.
struct BudgetLine {
    Budget budget;
    std::string account;  // scope, owner and period: what spend is counted under
    std::chrono::system_clock::time_point period_start;
    std::optional<std::chrono::system_clock::time_point> resets_at;
};

// `budget` as it stands at `now`.
BudgetLine budget_line(const Budget& budget, std::chrono::system_clock::time_point now);

// "team:search:monthly": the account `budget`'s spend is counted under.
std::string budget_account(const Budget& budget);

// The refusal of a request that `line` has no room for: 429
// budget_exceeded, naming the scope, owner and period (never the figures,
// which may be other tenants'), with Retry-After until the period resets.
Error budget_exceeded(const BudgetLine& line, std::chrono::system_clock::time_point now);

}  // namespace llmgw::domain
