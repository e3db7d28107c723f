#include "application/model_router.hpp"

#include <algorithm>
#include <stdexcept>

namespace llmgw::application {
namespace {

domain::Error unknown_model(std::string_view model) {
    return domain::make_error(domain::ErrorCode::model_not_found,
                              "The model `" + std::string(model) + "` does not exist or you do not have access to it.",
                              "model");
}

ResilienceEvents& ignored_events() {
    static IgnoredResilienceEvents ignored;
    return ignored;
}

}  // namespace

ServingDeployment::ServingDeployment(Route route_in, ResilienceEvents& events)
    : route(std::move(route_in)),
      health(route.deployment, route.policy.breaker, events),
      limiter(route.policy.max_concurrency, route.policy.max_queued) {}

std::vector<ServingDeployment*> ModelGroup::preference_order(std::chrono::steady_clock::time_point now) {
    std::vector<domain::BalancingCandidate> candidates;
    candidates.reserve(deployments_.size());
    for (const auto* deployment : deployments_) {
        const auto view = deployment->health.balancing_view(now);
        candidates.push_back({deployment->route.policy.weight, view.in_flight, view.latency_ms, view.accepting});
    }
    std::vector<std::size_t> order;
    {
        std::lock_guard lock(balancer_mutex_);
        order = balancer_.order(candidates);
    }
    std::vector<ServingDeployment*> ordered;
    ordered.reserve(order.size());
    for (auto index : order) ordered.push_back(deployments_[index]);
    return ordered;
}

ModelRouter::ModelRouter(std::vector<Route> routes, ModelRouting routing, ResilienceEvents* events) {
    auto& sink = events ? *events : ignored_events();
    for (auto& route : routes) {
        deployments_.push_back(std::make_unique<ServingDeployment>(std::move(route), sink));
        auto* deployment = deployments_.back().get();
        const auto& model = deployment->route.deployment.model;
        auto* group = find(model);
        if (!group) group = groups_.emplace_back(std::make_unique<ModelGroup>(model, routing.balancing)).get();
        group->deployments_.push_back(deployment);
    }
    for (const auto& [model, fallbacks] : routing.fallbacks) {
        auto* group = find(model);
        if (!group) throw std::invalid_argument("fallbacks for the unknown model `" + model + "`");
        for (const auto& fallback : fallbacks) {
            auto* target = find(fallback);
            if (!target || target == group) {
                throw std::invalid_argument("model `" + model + "` cannot fall back on `" + fallback + "`");
            }
            if (std::find(group->fallbacks_.begin(), group->fallbacks_.end(), target) == group->fallbacks_.end()) {
                group->fallbacks_.push_back(target);
            }
        }
    }
}

ModelGroup* ModelRouter::find(std::string_view model) const {
    auto found = std::find_if(groups_.begin(), groups_.end(), [&](const auto& group) { return group->model() == model; });
    return found == groups_.end() ? nullptr : found->get();
}

domain::Result<const Route*> ModelRouter::resolve(std::string_view model) const {
    const auto* group = find(model);
    if (!group) return unknown_model(model);
    return &group->deployments().front()->route;
}

domain::Result<ModelGroup*> ModelRouter::group(std::string_view model) {
    auto* group = find(model);
    if (!group) return unknown_model(model);
    return group;
}

std::vector<ModelRouter::ModelEntry> ModelRouter::models() const {
    std::vector<ModelEntry> entries;
    entries.reserve(groups_.size());
    for (const auto& group : groups_) {
        entries.push_back({group->model(), group->deployments().front()->route.deployment.provider});
    }
    return entries;
}

}  // namespace llmgw::application
