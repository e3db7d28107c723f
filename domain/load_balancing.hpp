#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace llmgw::domain {

// How one model's requests are spread over its deployments.
enum class Balancing {
    weighted_round_robin,  // by configured weight, smoothly interleaved
    least_in_flight,       // the fewest calls under way, relative to weight
    lowest_latency,        // the lowest recent latency (EWMA)
};

std::optional<Balancing> balancing_from(std::string_view name) noexcept;
std::string_view to_string(Balancing balancing) noexcept;

// What the balancer knows of a deployment at the moment of choosing.
struct BalancingCandidate {
    int weight = 1;
    int in_flight = 0;
    // Smoothed latency in milliseconds; none before the first success.
    std::optional<double> latency_ms;
    // False when its breaker rejects calls: it goes last, as a last resort
    // is still better than refusing the request outright.
    bool available = true;
};

// Preference order over the deployments of one model, best first. Keeps the
// round-robin position between calls; not thread-safe.
class Balancer {
public:
    explicit Balancer(Balancing strategy) : strategy_(strategy) {}

    std::vector<std::size_t> order(std::span<const BalancingCandidate> candidates);

private:
    std::size_t next_weighted(std::span<const BalancingCandidate> candidates);

    Balancing strategy_;
    // Smooth weighted round robin (as nginx does it): each pick adds every
    // weight to its running score and takes the highest, which then pays
    // back the total. Spreads a 5:1:1 split as a,a,b,a,c,a,a instead of
    // five a in a row.
    std::vector<long long> scores_;
    // Rotates where ties start, so equal deployments share the load.
    std::size_t rotation_ = 0;
};

}  // namespace llmgw::domain
