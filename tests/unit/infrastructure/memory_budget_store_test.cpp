#include <gtest/gtest.h>

#include "infrastructure/memory_budget_store.hpp"
#include "manual_clock.hpp"
#include "run_awaitable.hpp"

namespace llmgw::infrastructure {
namespace {

using namespace std::chrono_literals;
using testing::run_awaitable;

class MemoryBudgetStoreTest : public ::testing::Test {
protected:
    domain::BudgetLine line(domain::BudgetScope scope, std::string owner, std::int64_t limit,
                            domain::BudgetPeriod period = domain::BudgetPeriod::daily) const {
        return domain::budget_line({scope, std::move(owner), period, {limit}}, clock.now());
    }
    domain::Result<domain::ReservationId> reserve(std::int64_t amount, std::vector<domain::BudgetLine> lines) {
        return run_awaitable(store.reserve(domain::Hold{.request_id = "r",
                                                        .amount = {amount},
                                                        .budgets = std::move(lines),
                                                        .expires_at = clock.now() + 1h}));
    }

    testing::ManualClock clock;
    MemoryBudgetStore store{clock, 8};
};

TEST_F(MemoryBudgetStoreTest, AHoldChargesEveryBudgetOrNone) {
    const auto key = line(domain::BudgetScope::key, "k", 100);
    const auto team = line(domain::BudgetScope::team, "t", 150);
    ASSERT_TRUE(reserve(100, {key, team}));
    const auto refused = reserve(60, {line(domain::BudgetScope::key, "other", 1000), team});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::budget_exceeded);
    EXPECT_NE(refused.error().message.find("team `t`"), std::string::npos) << refused.error().message;
    EXPECT_EQ(store.standing(line(domain::BudgetScope::key, "other", 1000)).reserved.value, 0)
        << "the budget with room was not charged either";
    EXPECT_TRUE(reserve(50, {team})) << "exactly the limit fits";
    EXPECT_FALSE(reserve(1, {team}));
}

TEST_F(MemoryBudgetStoreTest, SettlingSpendsTheRealCostAndReleasingFreesTheHold) {
    const auto team = line(domain::BudgetScope::team, "t", 100);
    const auto settled = reserve(80, {team});
    const auto released = reserve(20, {team});
    ASSERT_TRUE(settled && released);
    EXPECT_FALSE(reserve(1, {team})) << "held in full";

    store.settle(settled.value(), {30});
    store.settle(settled.value(), {30});  // a second end does nothing
    store.release(released.value());
    EXPECT_EQ(store.standing(team).spent.value, 30);
    EXPECT_EQ(store.standing(team).reserved.value, 0);
    EXPECT_TRUE(reserve(70, {team}));
    EXPECT_EQ(store.totals().settled, 1u);
    EXPECT_EQ(store.totals().released, 1u);
}

TEST_F(MemoryBudgetStoreTest, ANewPeriodStartsFromNothing) {
    const auto today = line(domain::BudgetScope::team, "t", 100);
    store.settle(reserve(100, {today}).value(), {100});
    EXPECT_FALSE(reserve(1, {today}));
    clock.advance(24h);
    const auto tomorrow = line(domain::BudgetScope::team, "t", 100);
    EXPECT_TRUE(reserve(100, {tomorrow}));
    EXPECT_EQ(store.standing(tomorrow).spent.value, 0);
}

TEST_F(MemoryBudgetStoreTest, AHoldItsRequestNeverEndedLapses) {
    const auto team = line(domain::BudgetScope::team, "t", 100, domain::BudgetPeriod::total);
    ASSERT_TRUE(reserve(100, {team}));  // its request crashed: never settled
    EXPECT_FALSE(reserve(1, {team}));
    clock.advance(61min);
    EXPECT_TRUE(reserve(1, {team})) << "the stale hold lapsed";
    EXPECT_EQ(store.totals().lapsed, 1u);
}

TEST_F(MemoryBudgetStoreTest, RestoredSpendCountsInItsPeriod) {
    const auto team = line(domain::BudgetScope::team, "t", 100, domain::BudgetPeriod::monthly);
    store.restore(team, {90});
    EXPECT_EQ(store.standing(team).spent.value, 90);
    EXPECT_FALSE(reserve(11, {team}));
    EXPECT_TRUE(reserve(10, {team}));
}

TEST_F(MemoryBudgetStoreTest, EndUsersBeyondTheBoundAreRefusedUntilOldPeriodsAreForgotten) {
    for (int i = 0; i < 8; ++i) {
        const auto user = line(domain::BudgetScope::end_user, "u" + std::to_string(i), 100);
        store.settle(reserve(1, {user}).value(), {1});
    }
    const auto refused = reserve(1, {line(domain::BudgetScope::end_user, "u8", 100)});
    ASSERT_FALSE(refused) << "memory is bounded whatever names callers choose";
    EXPECT_EQ(refused.error().code, domain::ErrorCode::budget_exceeded);
    clock.advance(24h);
    EXPECT_TRUE(reserve(1, {line(domain::BudgetScope::end_user, "u8", 100)})) << "yesterday's accounts are forgotten";
}

}  // namespace
}  // namespace llmgw::infrastructure
