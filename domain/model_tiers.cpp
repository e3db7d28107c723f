#include "domain/model_tiers.hpp"

#include <algorithm>

namespace llmgw::domain {

std::optional<TierStrategy> tier_strategy_from(std::string_view name) noexcept {
    for (auto strategy : {TierStrategy::cost, TierStrategy::latency, TierStrategy::balanced}) {
        if (name == to_string(strategy)) return strategy;
    }
    return std::nullopt;
}

std::string_view to_string(TierStrategy strategy) noexcept {
    switch (strategy) {
    case TierStrategy::cost: return "cost";
    case TierStrategy::latency: return "latency";
    case TierStrategy::balanced: return "balanced";
    }
    return "balanced";
}

std::optional<std::string_view> tier_named(std::string_view model) noexcept {
    constexpr std::string_view prefix = "tier:";
    if (!model.starts_with(prefix) || model.size() == prefix.size()) return std::nullopt;
    return model.substr(prefix.size());
}

std::optional<std::size_t> choose_tier_model(std::span<const TierCandidate> candidates, TierStrategy strategy) {
    // The lowest price and latency among the eligible: the balanced score's units.
    std::optional<std::int64_t> cheapest;
    std::optional<double> fastest;
    bool any_available = false;
    for (const auto& candidate : candidates) {
        if (!candidate.allowed) continue;
        any_available = any_available || candidate.available;
        cheapest = std::min(cheapest.value_or(candidate.price), candidate.price);
        if (candidate.latency_ms) fastest = std::min(fastest.value_or(*candidate.latency_ms), *candidate.latency_ms);
    }
    if (!cheapest) return std::nullopt;
    const auto score = [&](const TierCandidate& candidate) -> double {
        const double latency = candidate.latency_ms.value_or(0.0);
        switch (strategy) {
        case TierStrategy::cost: return static_cast<double>(candidate.price);
        case TierStrategy::latency: return latency;
        case TierStrategy::balanced: {
            const double price_share = *cheapest > 0 ? static_cast<double>(candidate.price) / *cheapest
                                                     : (candidate.price > 0 ? 2.0 : 1.0);
            const double latency_share = fastest && *fastest > 0 ? latency / *fastest : 1.0;
            return price_share + (candidate.latency_ms ? latency_share : 0.0);
        }
        }
        return 0.0;
    };
    std::optional<std::size_t> best;
    double best_score = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto& candidate = candidates[i];
        if (!candidate.allowed || (any_available && !candidate.available)) continue;
        const double value = score(candidate);
        if (!best || value < best_score) {
            best = i;
            best_score = value;
        }
    }
    return best;
}

}  // namespace llmgw::domain
