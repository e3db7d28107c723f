#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "application/budget_alerts.hpp"
#include "application/budget_policy.hpp"
#include "application/complete_chat.hpp"
#include "chat_builders.hpp"
#include "infrastructure/memory_budget_store.hpp"
#include "infrastructure/memory_cost_ledger.hpp"
#include "manual_clock.hpp"
#include "mock_transport.hpp"
#include "recorded_call.hpp"

namespace llmgw::application {
namespace {

namespace asio = boost::asio;
using namespace llmgw::testing;
using domain::BudgetPeriod;
using domain::BudgetScope;
using ::testing::_;

domain::Budget budget(BudgetScope scope, std::string owner, std::int64_t limit, BudgetPeriod period = BudgetPeriod::monthly) {
    return {scope, std::move(owner), period, {limit}};
}

std::vector<std::string> accounts(const std::vector<domain::BudgetLine>& lines) {
    std::vector<std::string> out;
    for (const auto& line : lines) out.push_back(line.account);
    return out;
}

TEST(BudgetPolicy, ACallMeetsTheBudgetsOfItsKeyTeamProjectEndUserAndTheGateway) {
    const BudgetPolicy policy({budget(BudgetScope::key, "ranker", 50), budget(BudgetScope::team, "search", 500),
                               budget(BudgetScope::team, "search", 40, BudgetPeriod::daily),
                               budget(BudgetScope::team, "ads", 500), budget(BudgetScope::project, "ranking", 200),
                               budget(BudgetScope::global, "", 5000)},
                              {budget(BudgetScope::end_user, "", 5, BudgetPeriod::daily)});
    const domain::Attribution caller{.api_key_id = "ranker", .team = "search", .project = "ranking", .end_user = "ana"};
    EXPECT_EQ(accounts(policy.lines_for(caller, {})),
              (std::vector<std::string>{"global::monthly", "key:ranker:monthly", "team:search:monthly",
                                        "team:search:daily", "project:ranking:monthly", "end_user:ana:daily"}));
    EXPECT_EQ(accounts(policy.lines_for(domain::Attribution{.team = "ads"}, {})),
              (std::vector<std::string>{"global::monthly", "team:ads:monthly"}))
        << "no end user, no end-user budget";
    EXPECT_TRUE(BudgetPolicy().lines_for(caller, {}).empty());
}

struct RecordedAlerts final : BudgetEvents {
    void threshold_crossed(const domain::BudgetLine& line, int percent, domain::NanoDollars) override {
        crossed.push_back(line.account + "@" + std::to_string(percent));
    }
    std::vector<std::string> crossed;
};

TEST(BudgetAlerts, EachThresholdIsReportedOncePerPeriod) {
    RecordedAlerts events;
    BudgetAlerts alerts(events);
    ManualClock clock;
    const auto line = domain::budget_line(budget(BudgetScope::team, "t", 1000, BudgetPeriod::daily), clock.now());
    for (std::int64_t spent : {100, 500, 600, 850, 990, 1000, 1200}) alerts.check(line, {spent});
    EXPECT_EQ(events.crossed, (std::vector<std::string>{"team:t:daily@50", "team:t:daily@80", "team:t:daily@100"}));
    clock.advance(std::chrono::hours(24));
    const auto tomorrow = domain::budget_line(budget(BudgetScope::team, "t", 1000, BudgetPeriod::daily), clock.now());
    alerts.check(tomorrow, {900});
    EXPECT_EQ(events.crossed.back(), "team:t:daily@80") << "a new period reports afresh, the highest crossed";
}

class BudgetedChatTest : public ::testing::Test {
protected:
    // Every call asks 10 prompt tokens' worth (40 bytes) and max_tokens 10
    // at 1000 n$ a token: 20'000 n$ reserved, and the answer costs as much.
    // The budget has room for ten and a half.
    domain::ChatRequest request() const {
        auto forty_bytes = chat_request("fast", std::string(40, 'x'));
        forty_bytes.max_tokens = domain::MaxTokens{10, false};
        return forty_bytes;
    }
    static constexpr std::int64_t call_cost = 20'000;

    ManualClock clock;
    infrastructure::MemoryBudgetStore budgets{clock};
    infrastructure::MemoryCostLedger ledger;
    const ResponseCaching caching;
    RecordedAlerts events;
    BudgetAlerts alerts{events};
    Metering metering{budgets, ledger, clock,
                      BudgetPolicy({budget(BudgetScope::team, "search", 10 * call_cost + call_cost / 2)}, {}), &alerts};
    ::testing::StrictMock<MockLlmTransport> transport;
    ModelRouter router{{Route{domain::Deployment{"fast", "openai", "gpt-4.1-mini",
                                                 {.input_per_mtok = 1'000'000, .output_per_mtok = 1'000'000}},
                              &transport}}};
    IgnoredResilienceEvents resilience_events;
    Resilience resilience{router, clock, resilience_events};
    CompleteChat chat{resilience, metering, caching};
    const domain::RequestContext search{"req", {.team = "search"}};
};

TEST_F(BudgetedChatTest, ABudgetWithoutRoomRefusesBeforeTheProviderIsCalled) {
    EXPECT_CALL(transport, complete(_, _)).Times(10).WillRepeatedly([](auto&&...) {
        return ready(domain::Result<domain::ChatResponse>(
            text_response("ok", {.prompt_tokens = 10, .completion_tokens = 10})));
    });
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(run_awaitable(chat(search, request())));
    const auto refused = run_recorded(metering, search, domain::Operation::chat, "fast", false,
                                      [&](const domain::RequestContext& context) { return chat(context, request()); });
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::budget_exceeded);
    EXPECT_TRUE(refused.error().retry_after) << "until the month ends";
    EXPECT_EQ(ledger.rows().back().error_code, "budget_exceeded");
    EXPECT_EQ(ledger.rows().back().attempts, 0);
    EXPECT_EQ(budgets.totals().spent.value, 10 * call_cost);
    EXPECT_EQ(events.crossed, (std::vector<std::string>{"team:search:monthly@50", "team:search:monthly@80"}));
}

TEST_F(BudgetedChatTest, AHundredConcurrentCallsNeverOverspendAndEveryAffordableOneIsServed) {
    // The provider answers after the event loop has taken every call in.
    EXPECT_CALL(transport, complete(_, _)).Times(10).WillRepeatedly([](auto&&...) -> asio::awaitable<domain::Result<domain::ChatResponse>> {
        co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
        co_return text_response("ok", {.prompt_tokens = 10, .completion_tokens = 10});
    });
    asio::io_context io;
    int served = 0;
    int refused = 0;
    for (int i = 0; i < 100; ++i) {
        asio::co_spawn(io, [&]() -> asio::awaitable<void> {
            const auto answer = co_await chat(search, request());
            if (answer) {
                ++served;
            } else {
                EXPECT_EQ(answer.error().code, domain::ErrorCode::budget_exceeded);
                ++refused;
            }
        }, asio::detached);
    }
    io.run();
    EXPECT_EQ(served, 10);
    EXPECT_EQ(refused, 90);
    EXPECT_LE(budgets.totals().spent.value, 10 * call_cost + call_cost / 2);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

class FixedHistory final : public domain::SpendHistory {
public:
    std::vector<OwnerSpend> spend_since(domain::BudgetScope scope, std::chrono::system_clock::time_point since) override {
        asked.emplace_back(scope, since);
        if (scope == BudgetScope::team) return {{"search", {70}}, {"ads", {5}}};
        if (scope == BudgetScope::end_user) return {{"ana", {3}}};
        return {};
    }
    std::vector<std::pair<domain::BudgetScope, std::chrono::system_clock::time_point>> asked;
};

TEST(RestoreBudgets, EveryBudgetStartsFromWhatTheLedgerHoldsOfItsPeriod) {
    ManualClock clock;
    infrastructure::MemoryBudgetStore store{clock};
    const BudgetPolicy policy({budget(BudgetScope::team, "search", 100), budget(BudgetScope::team, "search", 100, BudgetPeriod::daily)},
                              {budget(BudgetScope::end_user, "", 10, BudgetPeriod::daily)});
    FixedHistory history;
    restore_budgets(policy, history, store, clock.now());
    const auto lines = policy.lines_for({.team = "search", .end_user = "ana"}, clock.now());
    ASSERT_EQ(lines.size(), 3u);
    for (const auto& line : lines) {
        EXPECT_EQ(store.standing(line).spent.value, line.budget.scope == BudgetScope::team ? 70 : 3) << line.account;
    }
    EXPECT_EQ(history.asked.size(), 3u) << "team since the month's and the day's start, end users since the day's";
}

}  // namespace
}  // namespace llmgw::application
