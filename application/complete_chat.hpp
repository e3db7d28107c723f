#pragma once


#include <boost/asio/awaitable.hpp>

#include "application/metering.hpp"
#include "application/request_policy.hpp"
#include "application/resilience.hpp"
#include "application/response_caching.hpp"
#include "domain/chat_request.hpp"
#include "domain/chat_response.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// Use case: answer a chat request in one piece.
// Order: request policy (governance, limits) -> resolve the model -> cache lookup -> resilience (deployments,
// retries, fallbacks) around reserve -> call -> settle -> cache store.
class CompleteChat {
public:
    CompleteChat(Resilience& resilience, Metering& metering, const ResponseCaching& caching, RequestPolicy policy = {})
        : resilience_(resilience), metering_(metering), caching_(caching), policy_(std::move(policy)) {}

    boost::asio::awaitable<domain::Result<domain::ChatResponse>> operator()(domain::RequestContext context,
                                                                           domain::ChatRequest request);

private:
    Resilience& resilience_;
    Metering& metering_;
    const ResponseCaching& caching_;
    RequestPolicy policy_;
};

}  // namespace llmgw::application
