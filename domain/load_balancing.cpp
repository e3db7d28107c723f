#include "domain/load_balancing.hpp"

#include <algorithm>

namespace llmgw::domain {

std::optional<Balancing> balancing_from(std::string_view name) noexcept {
    if (name == "weighted_round_robin") return Balancing::weighted_round_robin;
    if (name == "least_in_flight") return Balancing::least_in_flight;
    if (name == "lowest_latency") return Balancing::lowest_latency;
    return std::nullopt;
}

std::string_view to_string(Balancing balancing) noexcept {
    switch (balancing) {
    case Balancing::weighted_round_robin: return "weighted_round_robin";
    case Balancing::least_in_flight: return "least_in_flight";
    case Balancing::lowest_latency: return "lowest_latency";
    }
    return "weighted_round_robin";
}

std::size_t Balancer::next_weighted(std::span<const BalancingCandidate> candidates) {
    if (scores_.size() != candidates.size()) scores_.assign(candidates.size(), 0);
    long long total = 0;
    std::size_t best = candidates.size();
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (!candidates[i].available) continue;
        const long long weight = std::max(candidates[i].weight, 1);
        scores_[i] += weight;
        total += weight;
        if (best == candidates.size() || scores_[i] > scores_[best]) best = i;
    }
    if (best != candidates.size()) scores_[best] -= total;
    return best;
}

std::vector<std::size_t> Balancer::order(std::span<const BalancingCandidate> candidates) {
    std::vector<std::size_t> order(candidates.size());
    // Ties keep this rotated order, so that equals take turns.
    const std::size_t start = candidates.empty() ? 0 : rotation_++ % candidates.size();
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = (start + i) % candidates.size();

    auto better = [&](std::size_t a, std::size_t b) {
        const auto& x = candidates[a];
        const auto& y = candidates[b];
        if (x.available != y.available) return x.available;
        switch (strategy_) {
        case Balancing::least_in_flight:
            // Compare in_flight / weight without dividing.
            return static_cast<long long>(x.in_flight) * std::max(y.weight, 1) <
                   static_cast<long long>(y.in_flight) * std::max(x.weight, 1);
        case Balancing::lowest_latency:
            // One never measured goes first, so that each gets measured.
            if (x.latency_ms.has_value() != y.latency_ms.has_value()) return !x.latency_ms.has_value();
            return x.latency_ms.value_or(0) < y.latency_ms.value_or(0);
        case Balancing::weighted_round_robin: return false;
        }
        return false;
    };
    std::stable_sort(order.begin(), order.end(), better);

    if (strategy_ == Balancing::weighted_round_robin) {
        const auto first = next_weighted(candidates);
        if (first != candidates.size()) {
            const auto at = std::find(order.begin(), order.end(), first);
            std::rotate(order.begin(), at, at + 1);
        }
    }
    return order;
}

}  // namespace llmgw::domain
