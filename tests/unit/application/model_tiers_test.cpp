#include <gtest/gtest.h>

#include "application/model_tiers.hpp"
#include "manual_clock.hpp"
#include "mock_transport.hpp"

namespace llmgw::application {
namespace {

using namespace llmgw::testing;
using namespace std::chrono_literals;

Route route(std::string model, std::int64_t input_price, std::int64_t output_price, domain::LlmTransport& transport) {
    RoutePolicy policy;
    policy.breaker.failure_threshold = 1;
    return Route{domain::Deployment{std::move(model), "openai", "upstream",
                                    {.input_per_mtok = input_price, .output_per_mtok = output_price}},
                 &transport, policy};
}

class ModelTiersTest : public ::testing::Test {
protected:
    // Each deployment's latency as its calls took it.
    void answered(std::string_view model, std::chrono::microseconds latency) {
        for (auto& deployment : router.deployments()) {
            if (deployment->route.deployment.model != model) continue;
            deployment->health.try_acquire(clock.monotonic())->succeeded(clock.monotonic(), latency);
        }
    }
    void failed(std::string_view model) {
        for (auto& deployment : router.deployments()) {
            if (deployment->route.deployment.model == model) deployment->health.try_acquire(clock.monotonic())->failed(clock.monotonic());
        }
    }
    std::string chosen(std::optional<domain::TierStrategy> strategy = {}) {
        auto selection = tiers.select(domain::RequestContext{"req-1", {}, std::nullopt}, access, "fast", strategy);
        EXPECT_TRUE(selection) << selection.error().message;
        return selection ? selection.value().model : std::string();
    }

    MockLlmTransport transport;
    ManualClock clock;
    AccessPolicy access;  // open: every model
    ModelRouter router{{route("mini", 100'000, 400'000, transport), route("flash", 300'000, 2'500'000, transport),
                        route("opus", 15'000'000, 75'000'000, transport)}};
    ModelTiers tiers{router, clock, {{"fast", {"mini", "flash", "opus"}}}, domain::TierStrategy::latency};
};

TEST_F(ModelTiersTest, PicksByTheLiveLatencyOfTheTiersModels) {
    answered("mini", 900ms);
    answered("flash", 150ms);
    answered("opus", 400ms);
    EXPECT_EQ(chosen(), "flash");
    EXPECT_EQ(chosen(domain::TierStrategy::cost), "mini");
    // flash: 2800/500 + 1 = 6.6; mini: 1 + 6 = 7; opus: 180 + 2.7.
    EXPECT_EQ(chosen(domain::TierStrategy::balanced), "flash");
}

TEST_F(ModelTiersTest, PassesOverAModelWhoseBreakerIsOpen) {
    answered("mini", 900ms);
    answered("flash", 150ms);
    answered("opus", 400ms);
    failed("flash");
    EXPECT_EQ(chosen(), "opus");
    clock.advance(31s);  // the breaker lets a probe through again
    EXPECT_EQ(chosen(), "flash");
}

TEST_F(ModelTiersTest, ARequestForATierGetsTheChosenModelAndAnUnknownTierIsNotFound) {
    answered("mini", 100ms);
    answered("flash", 300ms);
    answered("opus", 200ms);
    std::string model = "tier:fast";
    const domain::RequestContext context{"req-1", {}, std::nullopt};
    ASSERT_TRUE(tiers.resolve(context, access, model));
    EXPECT_EQ(model, "mini");
    std::string plain = "opus";
    ASSERT_TRUE(tiers.resolve(context, access, plain));
    EXPECT_EQ(plain, "opus");
    std::string unknown = "tier:slow";
    const auto refused = tiers.resolve(context, access, unknown);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::model_not_found);
    EXPECT_THROW(ModelTiers(router, clock, {{"x", {"nope"}}}), std::invalid_argument);
}

}  // namespace
}  // namespace llmgw::application
