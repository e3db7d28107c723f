#include <gtest/gtest.h>

#include "domain/retry_policy.hpp"

namespace llmgw::domain {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

Error transient_failure() { return make_transient_error(ErrorCode::upstream_unavailable, "overloaded"); }

std::vector<long long> ceilings(Backoff backoff, int retries) {
    RetryPolicy policy{.max_attempts = 10, .backoff = backoff, .base = milliseconds(100), .max = milliseconds(1000)};
    std::vector<long long> out;
    for (int retry = 1; retry <= retries; ++retry) out.push_back(backoff_ceiling(policy, retry).count());
    return out;
}

TEST(BackoffCeiling, GrowsByStrategyUpToTheCap) {
    EXPECT_EQ(ceilings(Backoff::exponential, 6), (std::vector<long long>{100, 200, 400, 800, 1000, 1000}));
    EXPECT_EQ(ceilings(Backoff::linear, 6), (std::vector<long long>{100, 200, 300, 400, 500, 600}));
    EXPECT_EQ(ceilings(Backoff::fibonacci, 8), (std::vector<long long>{100, 100, 200, 300, 500, 800, 1000, 1000}));
}

TEST(BackoffCeiling, NeverOverflowsOnAbsurdRetryCounts) {
    RetryPolicy policy{.base = milliseconds(200), .max = milliseconds(10'000)};
    EXPECT_EQ(backoff_ceiling(policy, 1'000'000), milliseconds(10'000));
}

TEST(RetryDelay, IsFullJitterBetweenZeroAndTheCeiling) {
    RetryPolicy policy{.max_attempts = 5, .base = milliseconds(200)};
    EXPECT_EQ(retry_delay(policy, 1, transient_failure(), 0.0), milliseconds(0));
    EXPECT_EQ(retry_delay(policy, 1, transient_failure(), 0.5), milliseconds(100));
    EXPECT_EQ(retry_delay(policy, 3, transient_failure(), 0.999), milliseconds(799));
    for (double draw : {0.0, 0.1, 0.37, 0.8, 0.9999}) {
        const auto delay = retry_delay(policy, 2, transient_failure(), draw);
        ASSERT_TRUE(delay);
        EXPECT_GE(*delay, milliseconds(0));
        EXPECT_LT(*delay, milliseconds(400));
    }
}

TEST(RetryDelay, StopsWhenTheAttemptsAreUsedUp) {
    RetryPolicy policy{.max_attempts = 3};
    EXPECT_TRUE(retry_delay(policy, 1, transient_failure(), 0.5));
    EXPECT_TRUE(retry_delay(policy, 2, transient_failure(), 0.5));
    EXPECT_FALSE(retry_delay(policy, 3, transient_failure(), 0.5));
    EXPECT_FALSE(retry_delay(RetryPolicy{.max_attempts = 1}, 1, transient_failure(), 0.5));
}

TEST(RetryDelay, NeverRetriesAFailureThatIsNotTransient) {
    for (auto code : {ErrorCode::invalid_request, ErrorCode::upstream_error, ErrorCode::model_not_found,
                      ErrorCode::budget_exceeded}) {
        EXPECT_FALSE(retry_delay(RetryPolicy{}, 1, make_error(code, "no"), 0.5)) << to_string(code);
    }
}

TEST(RetryDelay, WaitsOutRetryAfterUpToTheLimit) {
    RetryPolicy policy{.base = milliseconds(200), .max_retry_after = milliseconds(5'000)};
    auto limited = make_transient_error(ErrorCode::rate_limited, "slow down");
    limited.retry_after = seconds(3);
    EXPECT_EQ(retry_delay(policy, 1, limited, 0.5), milliseconds(3'000));
    limited.retry_after = seconds(0);
    EXPECT_EQ(retry_delay(policy, 1, limited, 0.5), milliseconds(100));
    limited.retry_after = seconds(6);
    EXPECT_FALSE(retry_delay(policy, 1, limited, 0.5)) << "a longer wait than allowed ends the retries";
}

TEST(BackoffFrom, KnowsTheThreeStrategies) {
    EXPECT_EQ(backoff_from("exponential"), Backoff::exponential);
    EXPECT_EQ(backoff_from("linear"), Backoff::linear);
    EXPECT_EQ(backoff_from("fibonacci"), Backoff::fibonacci);
    EXPECT_FALSE(backoff_from("random"));
}

TEST(AnotherDeploymentMayServe, OnlyWhenTheFailureIsTheDeploymentsFault) {
    EXPECT_TRUE(another_deployment_may_serve(transient_failure()));
    EXPECT_TRUE(another_deployment_may_serve(make_error(ErrorCode::upstream_error, "bad credentials")));
    EXPECT_TRUE(another_deployment_may_serve(make_error(ErrorCode::model_not_found, "unknown upstream model")));
    EXPECT_FALSE(another_deployment_may_serve(make_error(ErrorCode::invalid_request, "bad input")));
    EXPECT_FALSE(another_deployment_may_serve(make_error(ErrorCode::budget_exceeded, "spent")));
}

}  // namespace
}  // namespace llmgw::domain
