#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "application/concurrency_limiter.hpp"
#include "application/deployment_health.hpp"
#include "application/resilience_events.hpp"
#include "domain/circuit_breaker.hpp"
#include "domain/deployment.hpp"
#include "domain/error.hpp"
#include "domain/load_balancing.hpp"
#include "domain/ports/llm_transport.hpp"
#include "domain/retry_policy.hpp"

namespace llmgw::application {

// Time limits of one attempt on a deployment; zero means none. (Connecting
// has its own limit, in the transport.)
struct AttemptTimeouts {
    // Until a stream's first real content (text, tool call or finish).
    std::chrono::milliseconds first_token{0};
    // The whole attempt, stream or not. None by default: the transport's
    // idle limit already ends an upstream that falls silent, and a long
    // generation that keeps streaming is not a fault.
    std::chrono::milliseconds total{0};
};

// How calls to one deployment are made.
struct RoutePolicy {
    domain::RetryPolicy retry;
    domain::BreakerPolicy breaker;
    AttemptTimeouts timeouts;
    // Share of its model's traffic under weighted round robin.
    int weight = 1;
    // Calls at once (0: no limit) and how many may wait for a place.
    std::size_t max_concurrency = 0;
    std::size_t max_queued = 0;
};

// A deployment and the transport that reaches it.
struct Route {
    domain::Deployment deployment;
    domain::LlmTransport* transport = nullptr;  // owned by the composition root
    RoutePolicy policy = {};
};

// A route with its live state.
class ServingDeployment {
public:
    ServingDeployment(Route route, ResilienceEvents& events);

    const Route route;
    DeploymentHealth health;
    ConcurrencyLimiter limiter;
};

// Every deployment serving one model name, and the models to fall back on.
class ModelGroup {
public:
    ModelGroup(std::string model, domain::Balancing balancing) : model_(std::move(model)), balancer_(balancing) {}

    const std::string& model() const noexcept { return model_; }
    const std::vector<ServingDeployment*>& deployments() const noexcept { return deployments_; }
    const std::vector<ModelGroup*>& fallbacks() const noexcept { return fallbacks_; }

    // The deployments in the order to try them now, by the balancing
    // strategy; those whose breaker rejects calls come last.
    std::vector<ServingDeployment*> preference_order(std::chrono::steady_clock::time_point now);

private:
    friend class ModelRouter;
    std::string model_;
    std::vector<ServingDeployment*> deployments_;
    std::vector<ModelGroup*> fallbacks_;
    std::mutex balancer_mutex_;
    domain::Balancer balancer_;
};

// How model names map to groups of deployments.
struct ModelRouting {
    domain::Balancing balancing = domain::Balancing::weighted_round_robin;
    // Model name -> the models that serve its requests when it cannot,
    // in order.
    std::vector<std::pair<std::string, std::vector<std::string>>> fallbacks;
};

// Which deployments serve a model name, and their live state. The routes are
// fixed at start-up; the state is thread-safe, so every event loop shares
// one router.
class ModelRouter {
public:
    // Throws std::invalid_argument for a fallback naming an unknown model.
    ModelRouter(std::vector<Route> routes, ModelRouting routing = {}, ResilienceEvents* events = nullptr);

    // The model's first deployment (what a cache hit is booked against).
    domain::Result<const Route*> resolve(std::string_view model) const;

    // The model's group (fallbacks hang off it).
    domain::Result<ModelGroup*> group(std::string_view model);

    // Every model name clients may send, once each, in configuration order,
    // with the provider of its first deployment.
    struct ModelEntry {
        std::string model;
        std::string provider;
    };
    std::vector<ModelEntry> models() const;

    const std::vector<std::unique_ptr<ServingDeployment>>& deployments() const noexcept { return deployments_; }

private:
    ModelGroup* find(std::string_view model) const;

    std::vector<std::unique_ptr<ServingDeployment>> deployments_;
    std::vector<std::unique_ptr<ModelGroup>> groups_;
};

}  // namespace llmgw::application
