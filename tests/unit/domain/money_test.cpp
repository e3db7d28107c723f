#include <gtest/gtest.h>

#include "domain/money.hpp"

namespace llmgw::domain {
namespace {

constexpr Pricing gpt_4_1_mini{.input_per_mtok = 400'000, .output_per_mtok = 1'600'000, .cached_input_per_mtok = 100'000};

TEST(CostOf, PricesInputAndOutputAtTheirRates) {
    // 1000 input tokens at $0.40/M = 400,000 n$, 500 output at $1.60/M = 800,000 n$.
    EXPECT_EQ(cost_of(Usage{.prompt_tokens = 1000, .completion_tokens = 500}, gpt_4_1_mini).value, 1'200'000);
}

TEST(CostOf, PricesCachedPromptTokensOnceAtTheCachedRate) {
    // 600 of 1000 prompt tokens cached: 400 * 400 + 600 * 100 = 220,000 n$.
    Usage usage{.prompt_tokens = 1000, .completion_tokens = 0, .cached_prompt_tokens = 600};
    EXPECT_EQ(cost_of(usage, gpt_4_1_mini).value, 220'000);
}

TEST(CostOf, PricesCacheWritesAtTheirOwnRate) {
    // Anthropic: 1000 prompt tokens of which 200 read from and 300 written to
    // the cache: 500 * 3000 + 200 * 300 + 300 * 3750 = 2,685,000 n$.
    Pricing sonnet{.input_per_mtok = 3'000'000, .output_per_mtok = 15'000'000, .cached_input_per_mtok = 300'000,
                   .cache_write_input_per_mtok = 3'750'000};
    Usage usage{.prompt_tokens = 1000, .cached_prompt_tokens = 200, .cache_write_prompt_tokens = 300};
    EXPECT_EQ(cost_of(usage, sonnet).value, 2'685'000);
}

TEST(CostOf, IsExactForTinyCalls) {
    // Ten tokens at $0.02 per million: 200 n$ (in micro-dollars it was 0).
    EXPECT_EQ(cost_of(Usage{.prompt_tokens = 10}, Pricing{.input_per_mtok = 20'000}).value, 200);
    // One token at the finest exact price, $0.001 per million: 1 n$.
    EXPECT_EQ(cost_of(Usage{.completion_tokens = 1}, Pricing{.output_per_mtok = 1'000}).value, 1);
}

TEST(CostOf, SumsOfCallsEqualTokensTimesPrice) {
    // A month of one-token calls at $0.40 per million adds up exactly.
    NanoDollars month;
    for (int call = 0; call < 100'000; ++call) month += cost_of(Usage{.prompt_tokens = 1}, gpt_4_1_mini);
    EXPECT_EQ(month.value, 100'000 * 400);
}

TEST(CostOf, RoundsPricesFinerThanAThousandthOnceHalfUp) {
    // $0.01875 per million (Gemini's cached Flash-Lite input) is 18.75 n$ a
    // token: 4 tokens are exactly 75 n$, 2 tokens 37.5 n$ round to 38.
    const Pricing fine{.input_per_mtok = 18'750};
    EXPECT_EQ(cost_of(Usage{.prompt_tokens = 4}, fine).value, 75);
    EXPECT_EQ(cost_of(Usage{.prompt_tokens = 2}, fine).value, 38);
    EXPECT_EQ(cost_of(Usage{.prompt_tokens = 1}, Pricing{.input_per_mtok = 400}).value, 0);
}

TEST(CostOf, NeverCountsMoreCachedTokensThanPromptTokens) {
    Usage usage{.prompt_tokens = 10, .completion_tokens = 0, .cached_prompt_tokens = 50};
    EXPECT_EQ(cost_of(usage, Pricing{.input_per_mtok = 1'000'000, .cached_input_per_mtok = 1'000'000}).value, 10'000);
}

TEST(CostOf, HandlesLargeCallsWithoutOverflow) {
    // 10M tokens each way at $100/M and $400/M.
    Usage usage{.prompt_tokens = 10'000'000, .completion_tokens = 10'000'000};
    Pricing pricing{.input_per_mtok = 100'000'000, .output_per_mtok = 400'000'000};
    EXPECT_EQ(cost_of(usage, pricing).value, 5'000'000'000'000);
    // The most a reader lets through, at $1000 per million, does not wrap.
    const Usage implausible{.prompt_tokens = implausible_count, .completion_tokens = implausible_count};
    EXPECT_GT(cost_of(implausible, Pricing{.input_per_mtok = 1'000'000'000, .output_per_mtok = 1'000'000'000}).value, 0);
}

TEST(EstimateTokens, CountsAboutFourBytesPerToken) {
    EXPECT_EQ(estimate_tokens(std::string_view("")), 0);
    EXPECT_EQ(estimate_tokens(std::string_view("abc")), 1);
    EXPECT_EQ(estimate_tokens(std::string_view("abcdefgh")), 2);
    EXPECT_EQ(estimate_tokens(std::size_t{9}), 3);
}

}  // namespace
}  // namespace llmgw::domain
