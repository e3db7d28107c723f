#include "domain/money.hpp"

#include <algorithm>
#include <limits>

namespace llmgw::domain {

NanoDollars cost_of(const Usage& usage, const Pricing& pricing) noexcept {
    const std::int64_t cached = std::clamp<std::int64_t>(usage.cached_prompt_tokens, 0, usage.prompt_tokens);
    const std::int64_t written =
        std::clamp<std::int64_t>(usage.cache_write_prompt_tokens, 0, usage.prompt_tokens - cached);
    const std::int64_t uncached = usage.prompt_tokens - cached - written;
    // Pico-dollars, in 128 bits: a count up to 2^53 (the most an upstream
    // reader lets through) times any configurable price fits.
    __extension__ typedef __int128 Wide;
    const Wide picos = Wide{uncached} * pricing.input_per_mtok + Wide{cached} * pricing.cached_input_per_mtok +
                       Wide{written} * pricing.cache_write_input_per_mtok +
                       Wide{usage.completion_tokens} * pricing.output_per_mtok;
    constexpr Wide picos_per_nano = 1'000;
    const Wide nanos = (picos + picos_per_nano / 2) / picos_per_nano;
    return NanoDollars{static_cast<std::int64_t>(std::min<Wide>(nanos, std::numeric_limits<std::int64_t>::max()))};
}

std::int64_t estimate_tokens(std::size_t text_bytes) noexcept {
    return static_cast<std::int64_t>((text_bytes + 3) / 4);
}

}  // namespace llmgw::domain
