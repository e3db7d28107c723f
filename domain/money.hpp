#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/usage.hpp"

namespace llmgw::domain {

// Money is counted in whole micro-dollars (1e-6 USD) so that sums are exact.
struct MicroDollars {
    std::int64_t value = 0;

    friend MicroDollars operator+(MicroDollars a, MicroDollars b) noexcept { return {a.value + b.value}; }
    MicroDollars& operator+=(MicroDollars other) noexcept {
        value += other.value;
        return *this;
    }
    auto operator<=>(const MicroDollars&) const = default;
};

// A model's list prices, in micro-dollars per million tokens
// ($0.40 per million input tokens is input_per_mtok = 400'000).
struct Pricing {
    std::int64_t input_per_mtok = 0;
    std::int64_t output_per_mtok = 0;
    // Price of prompt tokens served from the provider's prompt cache.
    std::int64_t cached_input_per_mtok = 0;
    // Price of prompt tokens written to the provider's prompt cache.
    std::int64_t cache_write_input_per_mtok = 0;
};

// The cost of one call. Prompt tokens read from or written to the provider's
// cache are priced at their own rates and not again as ordinary input; the
// sum is rounded once, half up, to whole micro-dollars.
MicroDollars cost_of(const Usage& usage, const Pricing& pricing) noexcept;

// A deliberately rough token count (about four bytes a token) for budgets
// reserved before a call and for streams whose upstream never reported usage.
std::int64_t estimate_tokens(std::size_t text_bytes) noexcept;
inline std::int64_t estimate_tokens(std::string_view text) noexcept { return estimate_tokens(text.size()); }

}  // namespace llmgw::domain
