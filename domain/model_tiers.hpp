#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace llmgw::domain {

// How a tier (`model: "tier:fast"`) picks one of its models for a request:
enum class TierStrategy {
    cost,      // the cheapest: input plus output price per million tokens
    latency,   // the lowest recent latency (EWMA of its deployments)
    balanced,  // the lowest price/cheapest + latency/fastest, equally weighted
};

std::optional<TierStrategy> tier_strategy_from(std::string_view name) noexcept;
std::string_view to_string(TierStrategy strategy) noexcept;

// A request's model that names a tier: "tier:<name>"; none otherwise.
std::optional<std::string_view> tier_named(std::string_view model) noexcept;

// What the selection knows of one model of a tier.
struct TierCandidate {
    std::int64_t price = 0;  // nano-dollars per million input plus output tokens
    // Smoothed latency in milliseconds; none before the first success.
    std::optional<double> latency_ms;
    // False when every deployment's breaker rejects calls.
    bool available = true;
    // False when the caller may not use it.
    bool allowed = true;
};

// The candidate to use, by `strategy`, among the allowed ones; available
// ones first (an open breaker is a last resort). A model not measured yet
// counts as the fastest, so that each gets measured; ties go to the one
// listed first. None when no candidate is allowed.
std::optional<std::size_t> choose_tier_model(std::span<const TierCandidate> candidates, TierStrategy strategy);

}  // namespace llmgw::domain
