// What a call reserves before it is made: the prompt's estimate, and the
// longest answer it may get on the deployment that serves it.

#include <gtest/gtest.h>

#include "application/metering.hpp"
#include "chat_builders.hpp"

namespace llmgw::application {
namespace {

using namespace llmgw::testing;

domain::Deployment answering_at_most(std::int64_t tokens) {
    return domain::Deployment{.model = "m", .provider = "p", .upstream_model = "m", .max_output_tokens = tokens};
}

TEST(Metering, ACallThatSetsNoMaxTokensReservesTheDeploymentsLongestAnswer) {
    const auto request = chat_request("m", "twelve bytes");  // 3 tokens, at 4 bytes a token
    const auto estimate = Metering::estimated_usage(request);
    EXPECT_EQ(estimate.prompt_tokens, 3);
    EXPECT_FALSE(estimate.max_completion_tokens);
    EXPECT_EQ(Metering::worst_case(estimate, answering_at_most(32'768)),
              (domain::Usage{.prompt_tokens = 3, .completion_tokens = 32'768}));
    EXPECT_EQ(Metering::worst_case(estimate, answering_at_most(4'096)).completion_tokens, 4'096)
        << "the same request, served by another deployment";
}

TEST(Metering, MaxTokensBoundsTheReservationUpToWhatTheDeploymentCanAnswer) {
    auto request = chat_request("m", "hi");
    request.max_tokens = domain::MaxTokens{200};
    EXPECT_EQ(Metering::worst_case(Metering::estimated_usage(request), answering_at_most(4'096)).completion_tokens, 200);
    request.max_tokens = domain::MaxTokens{9'000'000'000'000'000'000};
    EXPECT_EQ(Metering::worst_case(Metering::estimated_usage(request), answering_at_most(4'096)).completion_tokens,
              4'096)
        << "no answer is longer than the deployment's longest";
}

TEST(Metering, EveryAnswerOfAnNChoiceCallIsReserved) {
    auto request = chat_request("m", "hi");
    request.max_tokens = domain::MaxTokens{100};
    request.n = 3;
    EXPECT_EQ(Metering::worst_case(Metering::estimated_usage(request), answering_at_most(4'096)).completion_tokens, 300);
    domain::TextCompletionRequest completion{.model = "m", .prompt = "hi", .max_tokens = 50, .n = 2};
    EXPECT_EQ(Metering::worst_case(Metering::estimated_usage(completion), answering_at_most(4'096)).completion_tokens,
              100);
}

}  // namespace
}  // namespace llmgw::application
