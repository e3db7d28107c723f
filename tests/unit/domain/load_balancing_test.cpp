#include <gtest/gtest.h>

#include <map>

#include "domain/load_balancing.hpp"

namespace llmgw::domain {
namespace {

std::map<std::size_t, int> first_picks(Balancer& balancer, const std::vector<BalancingCandidate>& candidates,
                                       int rounds) {
    std::map<std::size_t, int> picks;
    for (int i = 0; i < rounds; ++i) ++picks[balancer.order(candidates).front()];
    return picks;
}

TEST(Balancer, WeightedRoundRobinFollowsTheWeightsSmoothly) {
    Balancer balancer(Balancing::weighted_round_robin);
    const std::vector<BalancingCandidate> candidates{{.weight = 5}, {.weight = 1}, {.weight = 1}};
    std::vector<std::size_t> sequence;
    for (int i = 0; i < 7; ++i) sequence.push_back(balancer.order(candidates).front());
    EXPECT_EQ(sequence, (std::vector<std::size_t>{0, 0, 1, 0, 2, 0, 0}));
    const auto picks = first_picks(balancer, candidates, 700);
    EXPECT_EQ(picks.at(0), 500);
    EXPECT_EQ(picks.at(1), 100);
    EXPECT_EQ(picks.at(2), 100);
}

TEST(Balancer, EveryDeploymentIsInTheOrderOnce) {
    Balancer balancer(Balancing::weighted_round_robin);
    auto order = balancer.order(std::vector<BalancingCandidate>(3));
    std::sort(order.begin(), order.end());
    EXPECT_EQ(order, (std::vector<std::size_t>{0, 1, 2}));
}

TEST(Balancer, ADeploymentThatRejectsCallsGoesLast) {
    for (auto strategy : {Balancing::weighted_round_robin, Balancing::least_in_flight, Balancing::lowest_latency}) {
        Balancer balancer(strategy);
        const std::vector<BalancingCandidate> candidates{{.weight = 100, .latency_ms = 1.0, .available = false},
                                                         {.weight = 1, .in_flight = 50, .latency_ms = 900.0}};
        for (int i = 0; i < 5; ++i) {
            EXPECT_EQ(balancer.order(candidates), (std::vector<std::size_t>{1, 0})) << to_string(strategy);
        }
    }
}

TEST(Balancer, LeastInFlightPrefersTheLeastLoadedRelativeToWeight) {
    Balancer balancer(Balancing::least_in_flight);
    const std::vector<BalancingCandidate> candidates{{.weight = 1, .in_flight = 4},
                                                     {.weight = 4, .in_flight = 8},
                                                     {.weight = 1, .in_flight = 3}};
    EXPECT_EQ(balancer.order(candidates), (std::vector<std::size_t>{1, 2, 0}));
}

TEST(Balancer, LeastInFlightSharesTiesInTurn) {
    Balancer balancer(Balancing::least_in_flight);
    const auto picks = first_picks(balancer, std::vector<BalancingCandidate>(2), 10);
    EXPECT_EQ(picks.at(0), 5);
    EXPECT_EQ(picks.at(1), 5);
}

TEST(Balancer, LowestLatencyMeasuresTheUnmeasuredFirstThenPrefersTheFastest) {
    Balancer balancer(Balancing::lowest_latency);
    EXPECT_EQ(balancer.order(std::vector<BalancingCandidate>{{.latency_ms = 300.0}, {}, {.latency_ms = 120.0}}),
              (std::vector<std::size_t>{1, 2, 0}));
    EXPECT_EQ(balancer.order(std::vector<BalancingCandidate>{
                  {.latency_ms = 300.0}, {.latency_ms = 80.0}, {.latency_ms = 120.0}}),
              (std::vector<std::size_t>{1, 2, 0}));
}

TEST(Balancer, NamesAreReadFromConfiguration) {
    EXPECT_EQ(balancing_from("least_in_flight"), Balancing::least_in_flight);
    EXPECT_EQ(balancing_from("lowest_latency"), Balancing::lowest_latency);
    EXPECT_EQ(balancing_from("weighted_round_robin"), Balancing::weighted_round_robin);
    EXPECT_FALSE(balancing_from("random"));
}

}  // namespace
}  // namespace llmgw::domain
