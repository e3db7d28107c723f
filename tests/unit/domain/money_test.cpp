#include <gtest/gtest.h>

#include "domain/money.hpp"

namespace llmgw::domain {
namespace {

constexpr Pricing gpt_4_1_mini{.input_per_mtok = 400'000, .output_per_mtok = 1'600'000, .cached_input_per_mtok = 100'000};

TEST(CostOf, PricesInputAndOutputAtTheirRates) {
    // 1000 input tokens at $0.40/M = 400 µ$, 500 output at $1.60/M = 800 µ$.
    EXPECT_EQ(cost_of(Usage{.prompt_tokens = 1000, .completion_tokens = 500}, gpt_4_1_mini).value, 1200);
}

TEST(CostOf, PricesCachedPromptTokensOnceAtTheCachedRate) {
    // 600 of 1000 prompt tokens cached: 400 * 0.4 + 600 * 0.1 = 220 µ$.
    Usage usage{.prompt_tokens = 1000, .completion_tokens = 0, .cached_prompt_tokens = 600};
    EXPECT_EQ(cost_of(usage, gpt_4_1_mini).value, 220);
}

TEST(CostOf, PricesCacheWritesAtTheirOwnRate) {
    // Anthropic: 1000 prompt tokens of which 200 read from and 300 written to
    // the cache: 500 * 3 + 200 * 0.3 + 300 * 3.75 = 2685 µ$.
    Pricing sonnet{.input_per_mtok = 3'000'000, .output_per_mtok = 15'000'000, .cached_input_per_mtok = 300'000,
                   .cache_write_input_per_mtok = 3'750'000};
    Usage usage{.prompt_tokens = 1000, .cached_prompt_tokens = 200, .cache_write_prompt_tokens = 300};
    EXPECT_EQ(cost_of(usage, sonnet).value, 2685);
}

TEST(CostOf, RoundsTheSumOnceHalfUp) {
    // Three tokens at 0.4 µ$ each: 1.2 µ$ rounds to 1, not 0+0+0.
    EXPECT_EQ(cost_of(Usage{.prompt_tokens = 3}, gpt_4_1_mini).value, 1);
    // 5 tokens at 0.1 µ$ (cached) = 0.5 µ$ rounds up.
    EXPECT_EQ(cost_of(Usage{.prompt_tokens = 5, .cached_prompt_tokens = 5}, gpt_4_1_mini).value, 1);
    EXPECT_EQ(cost_of(Usage{.prompt_tokens = 4, .cached_prompt_tokens = 4}, gpt_4_1_mini).value, 0);
}

TEST(CostOf, NeverCountsMoreCachedTokensThanPromptTokens) {
    Usage usage{.prompt_tokens = 10, .completion_tokens = 0, .cached_prompt_tokens = 50};
    EXPECT_EQ(cost_of(usage, Pricing{.input_per_mtok = 1'000'000, .cached_input_per_mtok = 1'000'000}).value, 10);
}

TEST(CostOf, HandlesLargeCallsWithoutOverflow) {
    // 10M tokens each way at $100/M and $400/M.
    Usage usage{.prompt_tokens = 10'000'000, .completion_tokens = 10'000'000};
    Pricing pricing{.input_per_mtok = 100'000'000, .output_per_mtok = 400'000'000};
    EXPECT_EQ(cost_of(usage, pricing).value, 5'000'000'000);
}

TEST(EstimateTokens, CountsAboutFourBytesPerToken) {
    EXPECT_EQ(estimate_tokens(std::string_view("")), 0);
    EXPECT_EQ(estimate_tokens(std::string_view("abc")), 1);
    EXPECT_EQ(estimate_tokens(std::string_view("abcdefgh")), 2);
    EXPECT_EQ(estimate_tokens(std::size_t{9}), 3);
}

}  // namespace
}  // namespace llmgw::domain
