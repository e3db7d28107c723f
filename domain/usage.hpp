#pragma once

#include <cstdint>

namespace llmgw::domain {

struct Usage {
    std::int64_t prompt_tokens = 0;
    std::int64_t completion_tokens = 0;
    // Part of prompt_tokens that the provider served from its prompt cache.
    std::int64_t cached_prompt_tokens = 0;
    // Part of prompt_tokens that the provider wrote to its prompt cache
    // (Anthropic prices these above ordinary input).
    std::int64_t cache_write_prompt_tokens = 0;
    // Part of completion_tokens spent on hidden reasoning.
    std::int64_t reasoning_tokens = 0;

    std::int64_t total_tokens() const noexcept { return prompt_tokens + completion_tokens; }
    bool operator==(const Usage&) const = default;
};

// What a reader of upstream counts makes of a count that no real one has
// (negative, fractional, past 2^53): large enough to fail `plausible`, small
// enough that adding a few never overflows.
inline constexpr std::int64_t implausible_count = std::int64_t{1} << 53;

// Whether an upstream's usage can be billed: every count in [0, 10^11].
// Usage that fails is settled at the gateway's estimate and flagged as
// estimated, never billed as sent.
inline bool plausible(const Usage& usage) noexcept {
    constexpr std::int64_t most = 100'000'000'000;
    for (auto count : {usage.prompt_tokens, usage.completion_tokens, usage.cached_prompt_tokens,
                       usage.cache_write_prompt_tokens, usage.reasoning_tokens}) {
        if (count < 0 || count > most) return false;
    }
    return true;
}

}  // namespace llmgw::domain
