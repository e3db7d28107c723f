#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "application/access_policy.hpp"
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
    ProviderHealth(const ModelRouter& router, const domain::Clock& clock, Metering& metering, AccessPolicy access = {})
        : router_(router), clock_(clock), metering_(metering), access_(access) {}

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
    // Probes every deployment, each within `limit`. Probes spend money on
    // every deployment, so only the admin key may ask for them (`forbidden`).
    boost::asio::awaitable<domain::Result<std::vector<ProbeResult>>> probe(const domain::RequestContext& context,
                                                                           std::chrono::milliseconds limit);

private:
    // One probe, on a ledger row of its own under `context`.
    boost::asio::awaitable<ProbeResult> probe_one(domain::RequestContext context, const Route& route,
                                                  std::chrono::milliseconds limit);

    const ModelRouter& router_;
    const domain::Clock& clock_;
    Metering& metering_;
    AccessPolicy access_;
};

}  // namespace llmgw::application
