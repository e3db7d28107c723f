#pragma once

#include <chrono>
#include <string_view>

#include "domain/circuit_breaker.hpp"
#include "domain/deployment.hpp"
#include "domain/error.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// What resilience does on its own, told to whoever logs and counts it (the
// composition root wires a logger; metrics will follow). Called on any event
// loop, possibly several at once.
class ResilienceEvents {
public:
    virtual ~ResilienceEvents() = default;
    virtual void breaker_changed(const domain::Deployment& deployment, domain::BreakerState from,
                                 domain::BreakerState to) = 0;
    // An attempt failed and the same deployment is tried again after `delay`.
    virtual void retrying(const domain::RequestContext& context, const domain::Deployment& deployment, int attempt,
                          std::chrono::milliseconds delay, const domain::Error& failure) = 0;
    // `from` failed for good with `failure`; the request moves on to `to`
    // (a peer, or a deployment of a fallback model).
    virtual void failing_over(const domain::RequestContext& context, const domain::Deployment& from,
                              const domain::Deployment& to, const domain::Error& failure) = 0;
    // An attempt on `deployment` ended: "success", or the failure's error code.
    virtual void attempt_finished(const domain::Deployment& deployment, std::string_view outcome) = 0;
};

// For tests and tools that want none of it.
class IgnoredResilienceEvents final : public ResilienceEvents {
public:
    void breaker_changed(const domain::Deployment&, domain::BreakerState, domain::BreakerState) override {}
    void retrying(const domain::RequestContext&, const domain::Deployment&, int, std::chrono::milliseconds,
                  const domain::Error&) override {}
    void failing_over(const domain::RequestContext&, const domain::Deployment&, const domain::Deployment&,
                      const domain::Error&) override {}
    void attempt_finished(const domain::Deployment&, std::string_view) override {}
};

}  // namespace llmgw::application
