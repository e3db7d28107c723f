#pragma once

#include "application/access_policy.hpp"
#include "application/content_guarding.hpp"
#include "application/model_tiers.hpp"
#include "application/rate_limiting.hpp"
#include "application/trace_recording.hpp"
#include "domain/request_context.hpp"
#include "domain/request_limits.hpp"

namespace llmgw::application {

// What every use case asks of a request before anything is spent on it, in
// one place and in this order: a tier (`tier:<name>`) becomes the model it
// picks, the caller may use the model (the caller was
// authenticated by the front door through the same AccessPolicy), the
// request is within the configured limits (`admit`), then, once its model is
// known, within the rate limits (`limit_rate`), and what it sends passes
// the content guardrails (`guard_content`), before the cache sees it.
// Reservations, calls and settlement follow in the use case's shared
// helpers (model_call.hpp).
struct RequestPolicy {
    AccessPolicy access;  // open unless given keys
    domain::RequestLimits limits;
    const RateLimiting* rates = nullptr;      // none: no rate limits
    const ContentGuarding* guards = nullptr;  // none: no content guardrails
    const ModelTiers* tiers = nullptr;        // none: no tiers

    template <class Request>
    domain::Result<void> admit(const domain::RequestContext& context, Request& request) const {
        if (tiers) {
            BOOST_OUTCOME_TRY(tiers->resolve(context, access, request.model));
        }
        trace_parameters(context, request);
        BOOST_OUTCOME_TRY(access.govern(context, request.model));
        return domain::check_limits(request, limits);
    }

    // The request's hold on its rate limits, for as long as it runs.
    boost::asio::awaitable<domain::Result<RateHold>> limit_rate(const domain::RequestContext& context,
                                                                std::string_view model, RateDemand demand) const {
        if (!rates) co_return RateHold{};
        co_return co_await rates->admit(context, model, demand);
    }

    // The request's guardrails, its text redacted by them; or its refusal.
    // The screen then looks at the answer (ContentScreen::screen_answer,
    // GuardedChunkSink).
    template <class Request>
    domain::Result<ContentScreen> guard_content(const domain::RequestContext& context, Request& request) const {
        if (!guards || !guards->any()) return ContentScreen{};
        auto screen = guards->screen(context, request.model);
        BOOST_OUTCOME_TRY(screen.screen_request(request));
        return screen;
    }
};

}  // namespace llmgw::application
