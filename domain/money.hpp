#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/usage.hpp"

namespace llmgw::domain {

// Money is counted in whole nano-dollars (1e-9 USD). With prices given to
// $0.001 per million tokens, a token costs a whole number of nano-dollars,
// so the cost of every call is exact and a month of sums equals the sum of
// tokens times prices: nothing is lost to rounding per request (in
// micro-dollars, a 10-token embedding at $0.02 per million would cost $0).
struct NanoDollars {
    std::int64_t value = 0;

    friend NanoDollars operator+(NanoDollars a, NanoDollars b) noexcept { return {a.value + b.value}; }
    friend NanoDollars operator-(NanoDollars a, NanoDollars b) noexcept { return {a.value - b.value}; }
    NanoDollars& operator+=(NanoDollars other) noexcept {
        value += other.value;
        return *this;
    }
    NanoDollars& operator-=(NanoDollars other) noexcept {
        value -= other.value;
        return *this;
    }
    auto operator<=>(const NanoDollars&) const = default;
};

inline constexpr std::int64_t nanos_per_dollar = 1'000'000'000;

// A model's list prices, in micro-dollars per million tokens, which is
// pico-dollars per token ($0.40 per million input tokens is
// input_per_mtok = 400'000).
struct Pricing {
    std::int64_t input_per_mtok = 0;
    std::int64_t output_per_mtok = 0;
    // Price of prompt tokens served from the provider's prompt cache.
    std::int64_t cached_input_per_mtok = 0;
    // Price of prompt tokens written to the provider's prompt cache.
    std::int64_t cache_write_input_per_mtok = 0;
};

// The cost of one call. Prompt tokens read from or written to the provider's
// cache are priced at their own rates and never again as ordinary input;
// reasoning tokens are part of completion_tokens and priced as output, as
// every provider bills them. Exact for prices given to $0.001 per million
// tokens; finer prices are rounded once, half up, to whole nano-dollars.
NanoDollars cost_of(const Usage& usage, const Pricing& pricing) noexcept;

// A deliberately rough token count (about four bytes a token) for budgets
// reserved before a call and for streams whose upstream never reported usage.
std::int64_t estimate_tokens(std::size_t text_bytes) noexcept;
inline std::int64_t estimate_tokens(std::string_view text) noexcept { return estimate_tokens(text.size()); }

}  // namespace llmgw::domain
