#pragma once

#include "application/access_policy.hpp"
#include "application/rate_limiting.hpp"
#include "application/trace_recording.hpp"
#include "domain/request_context.hpp"
#include "domain/request_limits.hpp"

namespace llmgw::application {

// What every use case asks of a request before anything is spent on it, in
// one place and in this order: the caller may use the model (the caller was
// authenticated by the front door through the same AccessPolicy), the
// request is within the configured limits (`admit`), then, once its model is
// known, within the rate limits (`limit_rate`). Reservations, calls and
// settlement follow in the use case's shared helpers (model_call.hpp).
struct RequestPolicy {
    AccessPolicy access;  // open unless given keys
    domain::RequestLimits limits;
    const RateLimiting* rates = nullptr;  // none: no rate limits

    template <class Request>
    domain::Result<void> admit(const domain::RequestContext& context, const Request& request) const {
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
};

}  // namespace llmgw::application
