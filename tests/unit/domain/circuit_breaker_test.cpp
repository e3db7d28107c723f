#include <gtest/gtest.h>

#include "domain/circuit_breaker.hpp"

namespace llmgw::domain {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class CircuitBreakerTest : public ::testing::Test {
protected:
    void fail_times(CircuitBreaker& breaker, int times) {
        for (int i = 0; i < times; ++i) {
            ASSERT_TRUE(breaker.try_acquire(now));
            breaker.on_failure(now);
        }
    }

    std::chrono::steady_clock::time_point now{std::chrono::hours(1)};
};

TEST_F(CircuitBreakerTest, OpensAfterTheThresholdOfConsecutiveFailures) {
    CircuitBreaker breaker({.failure_threshold = 3, .cooldown = seconds(30)});
    fail_times(breaker, 2);
    EXPECT_EQ(breaker.state(), BreakerState::closed);
    fail_times(breaker, 1);
    EXPECT_EQ(breaker.state(), BreakerState::open);
    EXPECT_FALSE(breaker.try_acquire(now));
    EXPECT_EQ(breaker.cooldown_left(now + seconds(10)), seconds(20));
}

TEST_F(CircuitBreakerTest, ASuccessResetsTheCountOfConsecutiveFailures) {
    CircuitBreaker breaker({.failure_threshold = 3});
    fail_times(breaker, 2);
    ASSERT_TRUE(breaker.try_acquire(now));
    breaker.on_success(now);
    fail_times(breaker, 2);
    EXPECT_EQ(breaker.state(), BreakerState::closed);
}

TEST_F(CircuitBreakerTest, AfterTheCooldownLetsOneProbeThroughAndItsSuccessCloses) {
    CircuitBreaker breaker({.failure_threshold = 1, .cooldown = seconds(30), .half_open_probes = 1});
    fail_times(breaker, 1);
    now += seconds(29);
    EXPECT_FALSE(breaker.try_acquire(now));
    now += seconds(1);
    EXPECT_TRUE(breaker.would_allow(now));
    ASSERT_TRUE(breaker.try_acquire(now));
    EXPECT_EQ(breaker.state(), BreakerState::half_open);
    EXPECT_FALSE(breaker.try_acquire(now)) << "only one probe at a time";
    breaker.on_success(now);
    EXPECT_EQ(breaker.state(), BreakerState::closed);
    EXPECT_TRUE(breaker.try_acquire(now));
}

TEST_F(CircuitBreakerTest, AFailedProbeOpensItForAnotherCooldown) {
    CircuitBreaker breaker({.failure_threshold = 1, .cooldown = seconds(30)});
    fail_times(breaker, 1);
    now += seconds(30);
    ASSERT_TRUE(breaker.try_acquire(now));
    breaker.on_failure(now);
    EXPECT_EQ(breaker.state(), BreakerState::open);
    EXPECT_FALSE(breaker.try_acquire(now + seconds(29)));
    EXPECT_TRUE(breaker.try_acquire(now + seconds(30)));
}

TEST_F(CircuitBreakerTest, SeveralProbesMustAllSucceedToClose) {
    CircuitBreaker breaker({.failure_threshold = 1, .cooldown = seconds(5), .half_open_probes = 2});
    fail_times(breaker, 1);
    now += seconds(5);
    ASSERT_TRUE(breaker.try_acquire(now));
    ASSERT_TRUE(breaker.try_acquire(now));
    EXPECT_FALSE(breaker.try_acquire(now));
    breaker.on_success(now);
    EXPECT_EQ(breaker.state(), BreakerState::half_open);
    breaker.on_success(now);
    EXPECT_EQ(breaker.state(), BreakerState::closed);
}

TEST_F(CircuitBreakerTest, AnAbandonedProbeFreesItsPlace) {
    CircuitBreaker breaker({.failure_threshold = 1, .cooldown = seconds(5)});
    fail_times(breaker, 1);
    now += seconds(5);
    ASSERT_TRUE(breaker.try_acquire(now));
    breaker.on_abandoned();
    EXPECT_TRUE(breaker.try_acquire(now));
}

TEST_F(CircuitBreakerTest, OpensOnAFailureRateOnceTheWindowHasEnoughCalls) {
    CircuitBreaker breaker({.failure_threshold = 0, .failure_rate = 0.5, .window = seconds(60), .min_requests = 10});
    for (int i = 0; i < 9; ++i) {
        ASSERT_TRUE(breaker.try_acquire(now));
        if (i % 2) breaker.on_success(now); else breaker.on_failure(now);
    }
    EXPECT_EQ(breaker.state(), BreakerState::closed) << "9 calls are fewer than min_requests";
    ASSERT_TRUE(breaker.try_acquire(now));
    breaker.on_failure(now);
    EXPECT_EQ(breaker.state(), BreakerState::open) << "6 of 10 failed";
}

TEST_F(CircuitBreakerTest, OldOutcomesAgeOutOfTheWindow) {
    CircuitBreaker breaker({.failure_threshold = 0, .failure_rate = 0.5, .window = seconds(10), .min_requests = 4});
    fail_times(breaker, 3);
    now += seconds(11);
    EXPECT_EQ(breaker.recent(now).total(), 0);
    ASSERT_TRUE(breaker.try_acquire(now));
    breaker.on_failure(now);
    EXPECT_EQ(breaker.state(), BreakerState::closed) << "the earlier failures are out of the window";
}

TEST(OutcomeWindow, CountsWhatIsRecent) {
    OutcomeWindow window(seconds(10));
    std::chrono::steady_clock::time_point now{std::chrono::hours(2)};
    window.record(true, now);
    window.record(false, now + seconds(5));
    EXPECT_EQ(window.counts(now + seconds(5)).total(), 2);
    EXPECT_DOUBLE_EQ(window.counts(now + seconds(5)).failure_rate(), 0.5);
    const auto later = window.counts(now + milliseconds(10'500));
    EXPECT_EQ(later.successes, 0);
    EXPECT_EQ(later.failures, 1);
}

}  // namespace
}  // namespace llmgw::domain
