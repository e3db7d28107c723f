#include "domain/budget.hpp"

#include "domain/utc_time.hpp"

#include <algorithm>

namespace llmgw::domain {

namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::system_clock;
using std::chrono::year_month_day;

sys_days day_of(system_clock::time_point at) { return std::chrono::floor<days>(at); }

}  // namespace

std::string_view to_string(BudgetScope scope) noexcept {
    switch (scope) {
    case BudgetScope::global: return "global";
    case BudgetScope::key: return "key";
    case BudgetScope::team: return "team";
    case BudgetScope::project: return "project";
    case BudgetScope::end_user: return "end_user";
    }
    return "global";
}

std::string_view to_string(BudgetPeriod period) noexcept {
    switch (period) {
    case BudgetPeriod::daily: return "daily";
    case BudgetPeriod::weekly: return "weekly";
    case BudgetPeriod::monthly: return "monthly";
    case BudgetPeriod::total: return "total";
    }
    return "total";
}

system_clock::time_point period_start(BudgetPeriod period, system_clock::time_point at) {
    const auto day = day_of(at);
    switch (period) {
    case BudgetPeriod::daily: return day;
    case BudgetPeriod::weekly: {
        // ISO weeks begin on Monday.
        const std::chrono::weekday weekday{day};
        return day - days((weekday.c_encoding() + 6) % 7);
    }
    case BudgetPeriod::monthly: {
        const year_month_day date{day};
        return sys_days(date.year() / date.month() / 1);
    }
    case BudgetPeriod::total: return system_clock::time_point{};
    }
    return system_clock::time_point{};
}

std::optional<system_clock::time_point> period_end(BudgetPeriod period, system_clock::time_point at) {
    const auto start = sys_days(std::chrono::floor<days>(period_start(period, at)));
    switch (period) {
    case BudgetPeriod::daily: return start + days(1);
    case BudgetPeriod::weekly: return start + days(7);
    case BudgetPeriod::monthly: {
        const year_month_day date{start};
        return sys_days((date.year() / date.month() / 1) + std::chrono::months(1));
    }
    case BudgetPeriod::total: return std::nullopt;
    }
    return std::nullopt;
}

std::string budget_account(const Budget& budget) {
    std::string account(to_string(budget.scope));
    account += ':';
    account += budget.owner;
    account += ':';
    account += to_string(budget.period);
    return account;
}

BudgetLine budget_line(const Budget& budget, system_clock::time_point now) {
    return BudgetLine{budget, budget_account(budget), period_start(budget.period, now), period_end(budget.period, now)};
}

Error budget_exceeded(const BudgetLine& line, system_clock::time_point now) {
    const auto& budget = line.budget;
    std::string message = "Budget exceeded: ";
    if (budget.scope == BudgetScope::global) {
        message += "the gateway's";
    } else {
        message += budget.scope == BudgetScope::end_user ? "the end user" : "the ";
        if (budget.scope != BudgetScope::end_user) message += to_string(budget.scope);
        message += " `";
        message += budget.owner;
        message += "`'s";
    }
    message += ' ';
    message += to_string(budget.period);
    message += " budget has no room for this request";
    if (line.resets_at) {
        message += "; it resets at ";
        message += utc_timestamp(*line.resets_at);
    }
    message += '.';
    auto error = make_error(ErrorCode::budget_exceeded, std::move(message));
    if (line.resets_at) {
        error.retry_after = std::chrono::ceil<std::chrono::seconds>(std::max(*line.resets_at - now,
                                                                             system_clock::duration::zero()));
    }
    return error;
}

}  // namespace llmgw::domain
