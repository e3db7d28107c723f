// Budget alerts as CloudEvents to a real HTTP receiver over loopback:
// structured mode, the receiver's failures retried with the same event id,
// a refusal final, and never more waiting than the bound.

#include <gtest/gtest.h>

#include <cstdio>

#include <boost/json/parse.hpp>

#include "adapters/outbound/alerts/budget_webhook.hpp"
#include "domain/utc_time.hpp"
#include "fake_upstream.hpp"
#include "manual_clock.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;

domain::BudgetLine team_monthly(std::chrono::system_clock::time_point now) {
    return domain::budget_line(
        domain::Budget{domain::BudgetScope::team, "search", domain::BudgetPeriod::monthly, {500'000'000'000}}, now);
}

class BudgetWebhookTest : public ::testing::Test {
protected:
    adapters::BudgetWebhookOptions options(const FakeUpstream& receiver) const {
        adapters::BudgetWebhookOptions options{
            .url = "http://127.0.0.1:" + std::to_string(receiver.port()) + "/hooks/llmgw?channel=finance",
            .bearer_token = "whk-token-1234567890"};
        return options;
    }

    bool settled(const adapters::BudgetWebhook& webhook, const FakeUpstream& receiver) const {
        return receiver.wait_for([&] { return webhook.pending() == 0; });
    }

    ManualClock clock;  // 2027-01-15T08:00:00Z
    std::FILE* log = std::tmpfile();
    observability::Logger logger{log, observability::LogLevel::info};
};

TEST_F(BudgetWebhookTest, PostsEachCrossingAsAStructuredCloudEvent) {
    FakeUpstream receiver([](const UpstreamRequest&) { return FakeReply{.status = 202}; });
    adapters::BudgetWebhook webhook(options(receiver), clock, logger);
    webhook.threshold_crossed(team_monthly(clock.now()), 80, {400'000'000'123});
    ASSERT_TRUE(settled(webhook, receiver));

    ASSERT_EQ(receiver.request_count(), 1u);
    const auto request = receiver.requests()[0];
    EXPECT_EQ(request.method(), boost::beast::http::verb::post);
    EXPECT_EQ(request.target(), "/hooks/llmgw?channel=finance");
    EXPECT_EQ(request[boost::beast::http::field::content_type], "application/cloudevents+json; charset=utf-8");
    EXPECT_EQ(request[boost::beast::http::field::authorization], "Bearer whk-token-1234567890");
    const auto event = json::parse(request.body()).as_object();
    EXPECT_EQ(event.at("specversion"), "1.0");
    EXPECT_EQ(event.at("type"), "io.llmgw.budget.threshold");
    EXPECT_EQ(event.at("source"), "/llmgw");
    EXPECT_EQ(event.at("subject"), "team:search:monthly");
    EXPECT_EQ(event.at("id"), "team:search:monthly/2027-01-01T00:00:00.000Z/80");
    EXPECT_EQ(event.at("time"), "2027-01-15T08:00:00.000Z");
    EXPECT_EQ(event.at("datacontenttype"), "application/json");
    const auto& data = event.at("data");
    EXPECT_EQ(data.at("scope"), "team");
    EXPECT_EQ(data.at("owner"), "search");
    EXPECT_EQ(data.at("period"), "monthly");
    EXPECT_EQ(data.at("threshold_percent"), 80);
    EXPECT_EQ(data.at("limit_nanousd"), 500'000'000'000);
    EXPECT_EQ(data.at("spent_nanousd"), 400'000'000'123);
    EXPECT_EQ(data.at("period_start"), "2027-01-01T00:00:00.000Z");
    EXPECT_EQ(data.at("resets_at"), "2027-02-01T00:00:00.000Z");
    // Exact decimal dollars, as numbers.
    EXPECT_NE(request.body().find(R"("limit_usd":500,)"), std::string::npos) << request.body();
    EXPECT_NE(request.body().find(R"("spent_usd":400.000000123,)"), std::string::npos) << request.body();
}

TEST_F(BudgetWebhookTest, RetriesAFailingReceiverWithTheSameEventId) {
    std::atomic<int> calls{0};
    FakeUpstream receiver([&](const UpstreamRequest&) {
        const int call = ++calls;
        if (call == 1) return FakeReply{.status = 503, .headers = {{"retry-after", "7"}}, .body = "maintenance"};
        if (call == 2) return FakeReply{.close_before_reply = true};
        return FakeReply{.status = 200};
    });
    adapters::BudgetWebhook webhook(options(receiver), clock, logger);
    webhook.threshold_crossed(team_monthly(clock.now()), 50, {250'000'000'000});
    ASSERT_TRUE(settled(webhook, receiver));

    const auto requests = receiver.requests();
    ASSERT_EQ(requests.size(), 3u);
    for (const auto& request : requests) EXPECT_EQ(request.body(), requests[0].body());
    // The receiver's Retry-After, then full jitter under the first ceiling
    // (the clock's sleeps are the webhook's backoff).
    ASSERT_EQ(clock.sleeps.size(), 2u);
    EXPECT_EQ(clock.sleeps[0], std::chrono::seconds(7));
    EXPECT_LT(clock.sleeps[1], std::chrono::seconds(2));
}

TEST_F(BudgetWebhookTest, GivesUpAtOnceWhenTheReceiverRefusesTheEvent) {
    FakeUpstream receiver([](const UpstreamRequest&) { return FakeReply{.status = 400}; });
    adapters::BudgetWebhook webhook(options(receiver), clock, logger);
    webhook.threshold_crossed(team_monthly(clock.now()), 100, {500'000'000'000});
    ASSERT_TRUE(settled(webhook, receiver));
    EXPECT_EQ(receiver.request_count(), 1u);
    EXPECT_TRUE(clock.sleeps.empty());
}

TEST_F(BudgetWebhookTest, StopsRetryingAfterMaxAttempts) {
    FakeUpstream receiver([](const UpstreamRequest&) { return FakeReply{.status = 500}; });
    auto limited = options(receiver);
    limited.retry.max_attempts = 4;
    adapters::BudgetWebhook webhook(std::move(limited), clock, logger);
    webhook.threshold_crossed(team_monthly(clock.now()), 100, {500'000'000'000});
    ASSERT_TRUE(settled(webhook, receiver));
    EXPECT_EQ(receiver.request_count(), 4u);
}

TEST_F(BudgetWebhookTest, DropsEventsBeyondTheBoundInsteadOfQueueingForever) {
    FakeUpstream receiver([](const UpstreamRequest&) {
        return FakeReply{.status = 200, .delay_before_headers = std::chrono::milliseconds(300)};
    });
    auto bounded = options(receiver);
    bounded.max_pending = 2;
    adapters::BudgetWebhook webhook(std::move(bounded), clock, logger);
    const auto line = team_monthly(clock.now());
    for (const int percent : {50, 80, 100}) webhook.threshold_crossed(line, percent, {1});
    EXPECT_EQ(webhook.pending(), 2u);
    ASSERT_TRUE(settled(webhook, receiver));
    EXPECT_EQ(receiver.request_count(), 2u);
}

}  // namespace
}  // namespace llmgw::testing
