#include <gtest/gtest.h>

#include "application/count_tokens.hpp"
#include "application/metering.hpp"
#include "chat_builders.hpp"
#include "manual_clock.hpp"
#include "mock_transport.hpp"
#include "run_awaitable.hpp"

namespace llmgw::application {
namespace {

using namespace llmgw::testing;
using ::testing::_;
using ::testing::Return;

class CountTokensTest : public ::testing::Test {
protected:
    domain::Result<CountTokens::Count> count(std::string model) {
        return run_awaitable(count_tokens(domain::RequestContext{"req-1", {}, std::nullopt},
                                          chat_request(std::move(model), "how many words are these")));
    }

    MockLlmTransport transport;
    ManualClock clock;
    ModelRouter router{{Route{domain::Deployment{"claude", "anthropic", "claude-sonnet-4-5", {}}, &transport, {}}}};
    CountTokens count_tokens{router, clock};
};

TEST_F(CountTokensTest, TheProvidersCountOnTheDeploymentACallWouldTake) {
    EXPECT_CALL(transport, count_tokens(_, upstream_model_is("claude-sonnet-4-5")))
        .WillOnce(Return(ready(domain::Result<std::optional<std::int64_t>>(std::optional<std::int64_t>(2095)))));
    const auto counted = count("claude");
    ASSERT_TRUE(counted) << counted.error().message;
    EXPECT_EQ(counted.value().input_tokens, 2095);
    EXPECT_TRUE(counted.value().exact);
}

TEST_F(CountTokensTest, AProviderThatCannotCountOrFailsLeavesTheEstimate) {
    EXPECT_CALL(transport, count_tokens(_, _))
        .WillOnce(Return(ready(domain::Result<std::optional<std::int64_t>>(std::optional<std::int64_t>()))))
        .WillOnce(Return(ready(domain::Result<std::optional<std::int64_t>>(
            domain::make_error(domain::ErrorCode::upstream_unavailable, "down")))));
    for (int i = 0; i < 2; ++i) {
        const auto counted = count("claude");
        ASSERT_TRUE(counted);
        EXPECT_FALSE(counted.value().exact);
        EXPECT_EQ(counted.value().input_tokens,
                  Metering::estimated_usage(chat_request("claude", "how many words are these")).prompt_tokens);
    }
}

TEST_F(CountTokensTest, ARequestTheProviderRefusesOrAnUnknownModelIsAnError) {
    EXPECT_CALL(transport, count_tokens(_, _))
        .WillOnce(Return(ready(domain::Result<std::optional<std::int64_t>>(
            domain::make_error(domain::ErrorCode::invalid_request, "messages: bad", "messages")))));
    const auto refused = count("claude");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().param, "messages");
    const auto unknown = count("nope");
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, domain::ErrorCode::model_not_found);
}

}  // namespace
}  // namespace llmgw::application
