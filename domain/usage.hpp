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

}  // namespace llmgw::domain
