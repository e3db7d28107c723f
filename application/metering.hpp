#pragma once

#include <chrono>

#include <boost/asio/awaitable.hpp>

#include "application/reservation.hpp"
#include "domain/chat_request.hpp"
#include "domain/deployment.hpp"
#include "domain/error.hpp"
#include "domain/ports/clock.hpp"
#include "domain/ports/cost_ledger.hpp"
#include "domain/request_context.hpp"
#include "domain/text_completion.hpp"
#include "domain/usage.hpp"

namespace llmgw::application {

// The ledger side of every use case that calls a model: reserve the call's
// worst-case cost before it, then settle with its real usage or release.
class Metering {
public:
    // How long a hold may outlive its request before it lapses by itself
    // (longer than any call may take).
    static constexpr std::chrono::hours hold_lifetime{1};

    Metering(domain::CostLedger& ledger, const domain::Clock& clock) : ledger_(ledger), clock_(clock) {}

    // The estimate: the prompt's rough token count plus the most the answer
    // may cost (max_tokens, or `assumed_completion_tokens` when unset).
    static constexpr std::int64_t assumed_completion_tokens = 1024;
    static domain::Usage estimated_usage(const domain::ChatRequest& request);
    static domain::Usage estimated_usage(const domain::TextCompletionRequest& request);

    // Reserves what `estimate` would cost on `deployment`.
    boost::asio::awaitable<domain::Result<Reservation>> reserve(const domain::RequestContext& context,
                                                                const domain::Usage& estimate,
                                                                const domain::Deployment& deployment);

    struct Outcome {
        domain::Usage usage;
        bool usage_estimated = false;
        bool cache_hit = false;
    };
    // Books `outcome` on `deployment` and ends `reservation`. Never waits.
    void settle(Reservation& reservation, const domain::RequestContext& context, const domain::Deployment& deployment,
                const Outcome& outcome) noexcept;

private:
    domain::CostLedger& ledger_;
    const domain::Clock& clock_;
};

}  // namespace llmgw::application
