#include <gtest/gtest.h>

#include "domain/budget.hpp"

namespace llmgw::domain {
namespace {

using namespace std::chrono;

system_clock::time_point utc(int y, unsigned m, unsigned d, int hour = 0, int minute = 0) {
    return sys_days(year(y) / month(m) / day(d)) + hours(hour) + minutes(minute);
}

TEST(BudgetPeriod, DaysWeeksAndMonthsAreUtcCalendarPeriods) {
    const auto at = utc(2026, 12, 2, 23, 59);  // a Wednesday
    EXPECT_EQ(period_start(BudgetPeriod::daily, at), utc(2026, 12, 2));
    EXPECT_EQ(period_end(BudgetPeriod::daily, at), utc(2026, 12, 3));
    EXPECT_EQ(period_start(BudgetPeriod::weekly, at), utc(2026, 11, 30)) << "ISO weeks begin on Monday";
    EXPECT_EQ(period_end(BudgetPeriod::weekly, at), utc(2026, 12, 7));
    EXPECT_EQ(period_start(BudgetPeriod::weekly, utc(2026, 11, 30)), utc(2026, 11, 30)) << "a Monday starts its own";
    EXPECT_EQ(period_start(BudgetPeriod::weekly, utc(2026, 12, 6, 23)), utc(2026, 11, 30)) << "Sunday ends it";
    EXPECT_EQ(period_start(BudgetPeriod::monthly, at), utc(2026, 12, 1));
    EXPECT_EQ(period_end(BudgetPeriod::monthly, at), utc(2027, 1, 1)) << "December rolls into the next year";
    EXPECT_EQ(period_end(BudgetPeriod::monthly, utc(2028, 2, 29, 12)), utc(2028, 3, 1));
    EXPECT_EQ(period_start(BudgetPeriod::total, at), system_clock::time_point{});
    EXPECT_FALSE(period_end(BudgetPeriod::total, at));
}

TEST(BudgetLine, CountsEachScopeOwnerAndPeriodApart) {
    const Budget team{BudgetScope::team, "search", BudgetPeriod::monthly, {50}};
    const auto line = budget_line(team, utc(2026, 12, 15));
    EXPECT_EQ(line.account, "team:search:monthly");
    EXPECT_EQ(line.period_start, utc(2026, 12, 1));
    EXPECT_EQ(line.resets_at, utc(2027, 1, 1));
    EXPECT_NE(budget_account({BudgetScope::key, "search", BudgetPeriod::monthly, {}}), line.account);
    EXPECT_NE(budget_account({BudgetScope::team, "search", BudgetPeriod::daily, {}}), line.account);
}

TEST(BudgetExceeded, NamesTheBudgetNotItsFiguresAndWaitsForTheReset) {
    const auto now = utc(2026, 12, 31, 23);
    const auto error = budget_exceeded(budget_line({BudgetScope::team, "search", BudgetPeriod::monthly, {77'000}}, now), now);
    EXPECT_EQ(error.code, ErrorCode::budget_exceeded);
    EXPECT_EQ(error.message,
              "Budget exceeded: the team `search`'s monthly budget has no room for this request; it resets at "
              "2027-01-01T00:00:00.000Z.");
    EXPECT_EQ(error.retry_after, seconds(3600));
    EXPECT_FALSE(error.transient) << "another deployment would be refused alike";

    const auto global = budget_exceeded(budget_line({BudgetScope::global, "", BudgetPeriod::total, {1}}, now), now);
    EXPECT_EQ(global.message, "Budget exceeded: the gateway's total budget has no room for this request.");
    EXPECT_FALSE(global.retry_after) << "a total budget never resets";
    const auto user = budget_exceeded(budget_line({BudgetScope::end_user, "ana", BudgetPeriod::daily, {1}}, now), now);
    EXPECT_NE(user.message.find("the end user `ana`'s daily budget"), std::string::npos) << user.message;
}

}  // namespace
}  // namespace llmgw::domain
