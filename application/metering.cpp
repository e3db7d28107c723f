#include "application/metering.hpp"

#include "domain/money.hpp"

namespace llmgw::application {

domain::Usage Metering::estimated_usage(const domain::ChatRequest& request) {
    domain::Usage usage;
    for (const auto& message : request.messages) usage.prompt_tokens += domain::estimate_tokens(message.text());
    usage.completion_tokens = request.max_tokens ? request.max_tokens->value : assumed_completion_tokens;
    return usage;
}

domain::Usage Metering::estimated_usage(const domain::TextCompletionRequest& request) {
    return domain::Usage{.prompt_tokens = domain::estimate_tokens(request.prompt),
                         .completion_tokens = request.max_tokens.value_or(assumed_completion_tokens)};
}

boost::asio::awaitable<domain::Result<Reservation>> Metering::reserve(const domain::RequestContext& context,
                                                                      const domain::Usage& estimate,
                                                                      const domain::Deployment& deployment) {
    const domain::Hold hold{.request_id = context.request_id,
                            .caller = context.caller,
                            .model = deployment.model,
                            .provider = deployment.provider,
                            .amount = domain::cost_of(estimate, deployment.pricing),
                            .expires_at = clock_.now() + hold_lifetime};
    BOOST_OUTCOME_CO_TRY(const domain::ReservationId id, co_await ledger_.reserve(hold));
    co_return Reservation(ledger_, id);
}

void Metering::settle(Reservation& reservation, const domain::RequestContext& context,
                      const domain::Deployment& deployment, const Outcome& outcome) noexcept {
    domain::LedgerEntry entry;
    entry.request_id = context.request_id;
    entry.caller = context.caller;
    entry.model = deployment.model;
    entry.provider = deployment.provider;
    entry.upstream_model = deployment.upstream_model;
    entry.usage = outcome.usage;
    entry.usage_estimated = outcome.usage_estimated;
    entry.cache_hit = outcome.cache_hit;
    // A cached answer cost nothing upstream; its tokens are still recorded so
    // that reports can show what the cache saved.
    entry.cost = outcome.cache_hit ? domain::NanoDollars{} : domain::cost_of(outcome.usage, deployment.pricing);
    entry.at = clock_.now();
    reservation.settle(entry);
}

}  // namespace llmgw::application
