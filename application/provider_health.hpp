#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "application/metering.hpp"
#include "application/model_router.hpp"
#include "domain/ports/clock.hpp"

namespace llmgw::application {

// Use case: how every deployment is doing, for health endpoints and
// operators: breaker state, recent error rate, latency, load. Optionally an
// active probe: a one-token chat call to each deployment, metered like any
// other call.
class ProviderHealth {
public:
    ProviderHealth(const ModelRouter& router, const domain::Clock& clock, Metering& metering)
        : router_(router), clock_(clock), metering_(metering) {}

    struct Report {
        const domain::Deployment* deployment = nullptr;
        DeploymentHealth::Snapshot health;
        std::chrono::milliseconds cooldown_left{0};
        std::size_t max_concurrency = 0;
        std::size_t queued = 0;
    };
    std::vector<Report> operator()() const;

    // Ready to serve: at least one deployment accepts calls now.
    bool ready() const;

    struct ProbeResult {
        const domain::Deployment* deployment = nullptr;
        bool ok = false;
        std::chrono::milliseconds latency{0};
        std::string error;  // the domain's message, never a credential
    };
    // Probes every deployment at once, each within `limit`.
    boost::asio::awaitable<std::vector<ProbeResult>> probe(std::chrono::milliseconds limit);

private:
    boost::asio::awaitable<ProbeResult> probe_one(const Route& route, std::chrono::milliseconds limit);

    const ModelRouter& router_;
    const domain::Clock& clock_;
    Metering& metering_;
};

}  // namespace llmgw::application
