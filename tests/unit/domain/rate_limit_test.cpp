// The arithmetic of rate limits: GCRA as a token bucket of `limit` units
// that fills again at `limit` per period, window names, how limits and
// resets read.

#include <gtest/gtest.h>

#include "domain/rate_limit.hpp"

namespace llmgw::domain {
namespace {

using namespace std::chrono_literals;
constexpr std::int64_t second = 1'000'000'000;

Gcra per_minute(std::int64_t limit) {
    return Gcra::of(RateLimit{.measure = RateMeasure::requests, .period = std::chrono::minutes(1), .limit = limit});
}

TEST(Gcra, AFullBucketIsTakenAtOnceThenRefillsAtTheRate) {
    const auto gcra = per_minute(6);  // one every 10 s
    std::int64_t tat = 0;
    const std::int64_t now = 1000 * second;
    for (int i = 0; i < 6; ++i) {
        const auto step = gcra.take(tat, now, 1);
        ASSERT_TRUE(step.admitted) << i;
        tat = step.tat;
        EXPECT_EQ(gcra.remaining(tat, now), 5 - i);
    }
    const auto refused = gcra.take(tat, now, 1);
    EXPECT_FALSE(refused.admitted);
    EXPECT_EQ(refused.tat, tat) << "a refusal takes nothing";
    EXPECT_EQ(refused.wait_ns, 10 * second);
    EXPECT_EQ(gcra.reset_ns(tat, now), 60 * second);

    EXPECT_FALSE(gcra.take(tat, now + 10 * second - 1, 1).admitted);
    const auto later = gcra.take(tat, now + 10 * second, 1);
    EXPECT_TRUE(later.admitted) << "one unit back after one interval";
    EXPECT_EQ(gcra.remaining(later.tat, now + 10 * second), 0);
}

TEST(Gcra, AnAmountTakesThatManyUnitsAndNeverMoreThanTheBucket) {
    const auto gcra = per_minute(100);
    auto step = gcra.take(0, 0, 60);
    ASSERT_TRUE(step.admitted);
    EXPECT_EQ(gcra.remaining(step.tat, 0), 40);
    const auto too_many = gcra.take(step.tat, 0, 41);
    EXPECT_FALSE(too_many.admitted);
    EXPECT_EQ(too_many.wait_ns, 600'000'000) << "one unit short: one interval (0.6 s)";
    const auto never = gcra.take(0, 0, 101);
    EXPECT_FALSE(never.admitted);
    EXPECT_EQ(never.wait_ns, Gcra::never) << "more than the whole bucket never fits";
}

TEST(Gcra, GivingBackReturnsUnitsAndADebtDelaysTheNext) {
    const auto gcra = per_minute(100);
    auto tat = gcra.take(0, 0, 80).tat;
    tat = gcra.give_back(tat, 70);  // reserved 80, used 10
    EXPECT_EQ(gcra.remaining(tat, 0), 90);
    tat = gcra.give_back(tat, -50);  // used 50 more than reserved
    EXPECT_EQ(gcra.remaining(tat, 0), 40);
    EXPECT_EQ(gcra.remaining(gcra.give_back(0, -1000), 0), 0) << "a debt is one bucket at most";
    EXPECT_EQ(gcra.reset_ns(gcra.give_back(0, -1000), 0), 60 * second);
}

TEST(Gcra, AnIntervalThatDoesNotDivideIsRoundedUpNeverFaster) {
    const auto gcra = per_minute(7);
    std::int64_t tat = 0;
    for (int i = 0; i < 7; ++i) tat = gcra.take(tat, 0, 1).tat;
    EXPECT_FALSE(gcra.take(tat, 0, 1).admitted);
    EXPECT_GE(gcra.interval_ns * 7, 60 * second);
}

TEST(RateWindows, EveryConfiguredNameHasItsMeasureAndPeriod) {
    EXPECT_EQ(rate_window_named("rps")->period, 1s);
    EXPECT_EQ(rate_window_named("rpm")->measure, RateMeasure::requests);
    EXPECT_EQ(rate_window_named("rph")->period, 1h);
    EXPECT_EQ(rate_window_named("rpd")->period, 24h);
    EXPECT_EQ(rate_window_named("tpm")->measure, RateMeasure::tokens);
    EXPECT_EQ(rate_window_named("tph")->period, 1h);
    EXPECT_EQ(rate_window_named("tpd")->period, 24h);
    EXPECT_EQ(rate_window_named("input_tpm")->measure, RateMeasure::input_tokens);
    EXPECT_EQ(rate_window_named("output_tpm")->measure, RateMeasure::output_tokens);
    EXPECT_FALSE(rate_window_named("rpw"));
}

TEST(RateLimitText, ALimitReadsAsItIsConfigured) {
    EXPECT_EQ(describe({.scope = PolicyScope::key, .owner = "search-ranker", .period = 60s, .limit = 600}),
              "600 requests per minute for key search-ranker");
    EXPECT_EQ(describe({.scope = PolicyScope::team, .owner = "search", .measure = RateMeasure::parallel, .limit = 20}),
              "20 requests at once for team search");
    EXPECT_EQ(describe({.measure = RateMeasure::tokens, .period = 24h, .limit = 5}), "5 tokens per day for the whole gateway");
}

TEST(RateLimitText, ResetsAreWrittenAsOpenAiWritesThem) {
    EXPECT_EQ(reset_text(20ms), "20ms");
    EXPECT_EQ(reset_text(std::chrono::nanoseconds(1)), "1ms") << "rounded up: never too early";
    EXPECT_EQ(reset_text(0ns), "0ms");
    EXPECT_EQ(reset_text(1s), "1s");
    EXPECT_EQ(reset_text(17765ms), "17.765s");
    EXPECT_EQ(reset_text(17500ms), "17.5s");
    EXPECT_EQ(reset_text(6min), "6m0s");
    EXPECT_EQ(reset_text(1h + 2min + 3s), "1h2m3s");
    EXPECT_EQ(reset_text(1h), "1h0m0s");
}

}  // namespace
}  // namespace llmgw::domain
