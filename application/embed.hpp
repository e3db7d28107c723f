#pragma once

#include "domain/request_limits.hpp"

#include <boost/asio/awaitable.hpp>

#include "application/metering.hpp"
#include "application/resilience.hpp"
#include "domain/embedding.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// Use case: embed inputs with a model.
// Order: request limits -> resilience (deployments, retries, fallbacks) around reserve -> call
// -> settle (or release) for each attempt.
class Embed {
public:
    Embed(Resilience& resilience, Metering& metering, domain::RequestLimits limits = {})
        : resilience_(resilience), metering_(metering), limits_(limits) {}

    boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>> operator()(domain::RequestContext context,
                                                                                domain::EmbeddingRequest request);

private:
    Resilience& resilience_;
    Metering& metering_;
    domain::RequestLimits limits_;
};

}  // namespace llmgw::application
