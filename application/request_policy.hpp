#pragma once

#include "application/access_policy.hpp"
#include "application/trace_recording.hpp"
#include "domain/request_context.hpp"
#include "domain/request_limits.hpp"

namespace llmgw::application {

// What every use case asks of a request before anything is spent on it, in
// one place and in this order: the caller may use the model (the caller was
// authenticated by the front door through the same AccessPolicy), then the
// request is within the configured limits. Reservations, calls and
// settlement follow in the use case's shared helpers (model_call.hpp).
struct RequestPolicy {
    AccessPolicy access;  // open unless given keys
    domain::RequestLimits limits;

    template <class Request>
    domain::Result<void> admit(const domain::RequestContext& context, const Request& request) const {
        trace_parameters(context, request);
        BOOST_OUTCOME_TRY(access.govern(context, request.model));
        return domain::check_limits(request, limits);
    }
};

}  // namespace llmgw::application
