#pragma once


#include <boost/asio/awaitable.hpp>

#include "application/metering.hpp"
#include "application/request_policy.hpp"
#include "application/resilience.hpp"
#include "application/response_caching.hpp"
#include "domain/embedding.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// Use case: embed inputs with a model.
// Order: request policy (governance, limits) -> cache lookup -> resilience (deployments, retries, fallbacks) around reserve -> call
// -> settle (or release) for each attempt.
class Embed {
public:
    Embed(Resilience& resilience, Metering& metering, const ResponseCaching& caching, RequestPolicy policy = {})
        : resilience_(resilience), metering_(metering), caching_(caching), policy_(std::move(policy)) {}

    boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>> operator()(domain::RequestContext context,
                                                                                domain::EmbeddingRequest request);

private:
    Resilience& resilience_;
    Metering& metering_;
    const ResponseCaching& caching_;
    RequestPolicy policy_;
};

}  // namespace llmgw::application
