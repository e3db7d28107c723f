#pragma once


#include <boost/asio/awaitable.hpp>

#include "application/metering.hpp"
#include "application/request_policy.hpp"
#include "application/resilience.hpp"
#include "domain/ports/chunk_sink.hpp"
#include "domain/request_context.hpp"
#include "domain/text_completion.hpp"

namespace llmgw::application {

// Use cases: a legacy text completion, whole or streamed. The same order as
// the chat use cases: request policy (governance, limits), then resilience around reserve -> call -> settle (or release).
class CompleteText {
public:
    CompleteText(Resilience& resilience, Metering& metering, RequestPolicy policy = {})
        : resilience_(resilience), metering_(metering), policy_(std::move(policy)) {}

    boost::asio::awaitable<domain::Result<domain::TextCompletionResponse>> operator()(
        domain::RequestContext context, domain::TextCompletionRequest request);

    // Object lifetimes: `sink` must outlive the returned awaitable.
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream(domain::RequestContext context,
                                                                        domain::TextCompletionRequest request,
                                                                        domain::ChunkSink& sink);

private:
    Resilience& resilience_;
    Metering& metering_;
    RequestPolicy policy_;
};

}  // namespace llmgw::application
