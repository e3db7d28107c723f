#pragma once

#include "domain/request_limits.hpp"

#include <boost/asio/awaitable.hpp>

#include "application/cache_policy.hpp"
#include "application/metering.hpp"
#include "application/resilience.hpp"
#include "domain/chat_request.hpp"
#include "domain/chat_response.hpp"
#include "domain/ports/response_cache.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// Use case: answer a chat request in one piece.
// Order: request limits -> resolve the model -> cache lookup -> resilience (deployments,
// retries, fallbacks) around reserve -> call -> settle -> cache store.
class CompleteChat {
public:
    CompleteChat(Resilience& resilience, Metering& metering, domain::ResponseCache& cache, CachePolicy cache_policy,
                 domain::RequestLimits limits = {})
        : resilience_(resilience), metering_(metering), cache_(cache), cache_policy_(cache_policy), limits_(limits) {}

    boost::asio::awaitable<domain::Result<domain::ChatResponse>> operator()(domain::RequestContext context,
                                                                           domain::ChatRequest request);

private:
    Resilience& resilience_;
    Metering& metering_;
    domain::ResponseCache& cache_;
    CachePolicy cache_policy_;
    domain::RequestLimits limits_;
};

}  // namespace llmgw::application
