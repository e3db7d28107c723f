#include "domain/money.hpp"

#include <algorithm>

namespace llmgw::domain {

MicroDollars cost_of(const Usage& usage, const Pricing& pricing) noexcept {
    const std::int64_t cached = std::clamp<std::int64_t>(usage.cached_prompt_tokens, 0, usage.prompt_tokens);
    const std::int64_t written =
        std::clamp<std::int64_t>(usage.cache_write_prompt_tokens, 0, usage.prompt_tokens - cached);
    const std::int64_t uncached = usage.prompt_tokens - cached - written;
    // Token counts and prices are both far below 2^31 in practice, so the
    // products fit in 64 bits with room to spare.
    const std::int64_t scaled = uncached * pricing.input_per_mtok + cached * pricing.cached_input_per_mtok +
                                written * pricing.cache_write_input_per_mtok +
                                usage.completion_tokens * pricing.output_per_mtok;
    constexpr std::int64_t per_million = 1'000'000;
    return MicroDollars{(scaled + per_million / 2) / per_million};
}

std::int64_t estimate_tokens(std::size_t text_bytes) noexcept {
    return static_cast<std::int64_t>((text_bytes + 3) / 4);
}

}  // namespace llmgw::domain
