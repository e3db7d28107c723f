#include <gtest/gtest.h>

#include "domain/model_tiers.hpp"

namespace llmgw::domain {
namespace {

TEST(ModelTiers, ANameWithTheTierPrefixNamesATier) {
    EXPECT_EQ(tier_named("tier:fast"), "fast");
    EXPECT_FALSE(tier_named("tier:"));
    EXPECT_FALSE(tier_named("gpt-4.1"));
    EXPECT_EQ(tier_strategy_from("latency"), TierStrategy::latency);
    EXPECT_FALSE(tier_strategy_from("random"));
}

// Three models: cheap but slow, dear but fast, in between.
const std::vector<TierCandidate> three{{.price = 500, .latency_ms = 900.0},
                                       {.price = 20'000, .latency_ms = 100.0},
                                       {.price = 2'000, .latency_ms = 200.0}};

TEST(ModelTiers, EachStrategyPicksByItsOwnMeasure) {
    EXPECT_EQ(choose_tier_model(three, TierStrategy::cost), 0u);
    EXPECT_EQ(choose_tier_model(three, TierStrategy::latency), 1u);
    // 500: 1 + 9 = 10; 20000: 40 + 1 = 41; 2000: 4 + 2 = 6.
    EXPECT_EQ(choose_tier_model(three, TierStrategy::balanced), 2u);
}

TEST(ModelTiers, SkipsWhatTheCallerMayNotUseAndOpenBreakers) {
    auto candidates = three;
    candidates[2].available = false;
    EXPECT_EQ(choose_tier_model(candidates, TierStrategy::balanced), 0u);
    candidates[0].allowed = false;
    EXPECT_EQ(choose_tier_model(candidates, TierStrategy::cost), 1u);
    // Every allowed one's breaker open: the best of them, as a last resort.
    candidates[1].available = false;
    EXPECT_EQ(choose_tier_model(candidates, TierStrategy::cost), 2u);
    candidates[1].allowed = false;
    candidates[2].allowed = false;
    EXPECT_FALSE(choose_tier_model(candidates, TierStrategy::cost));
}

TEST(ModelTiers, AModelNotMeasuredYetIsTriedFirstAndTiesGoToTheFirstListed) {
    auto candidates = three;
    candidates[0].latency_ms.reset();
    EXPECT_EQ(choose_tier_model(candidates, TierStrategy::latency), 0u);
    const std::vector<TierCandidate> equal{{.price = 7}, {.price = 7}};
    EXPECT_EQ(choose_tier_model(equal, TierStrategy::cost), 0u);
    EXPECT_EQ(choose_tier_model(equal, TierStrategy::balanced), 0u);
}

}  // namespace
}  // namespace llmgw::domain
