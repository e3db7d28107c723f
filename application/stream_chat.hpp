#pragma once


#include <boost/asio/awaitable.hpp>

#include "application/metering.hpp"
#include "application/request_policy.hpp"
#include "application/resilience.hpp"
#include "application/response_caching.hpp"
#include "domain/chat_request.hpp"
#include "domain/ports/chunk_sink.hpp"
#include "domain/request_context.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::application {

// Use case: answer a chat request as a stream of chunks pushed to `sink`.
// Order: request policy (governance, limits) -> cache lookup (a hit is
// replayed as chunks) or single flight (an identical request's stream is
// followed live) -> resilience (deployments, retries, fallbacks) around
// reserve -> stream -> settle for each attempt -> the whole answer the
// client got into the cache, when the stream ended normally. The client gets chunks only from the
// attempt that produced real content first; once they went out there is no
// retry. A stream that fails or is cancelled after chunks went out is still
// settled, with the usage estimated from what was delivered.
//
// Object lifetimes: `sink` must outlive the returned awaitable.
class StreamChat {
public:
    StreamChat(Resilience& resilience, Metering& metering, const ResponseCaching& caching, RequestPolicy policy = {})
        : resilience_(resilience), metering_(metering), caching_(caching), policy_(std::move(policy)) {}

    boost::asio::awaitable<domain::Result<domain::StreamSummary>> operator()(domain::RequestContext context,
                                                                            domain::ChatRequest request,
                                                                            domain::ChunkSink& sink);

private:
    Resilience& resilience_;
    Metering& metering_;
    const ResponseCaching& caching_;
    RequestPolicy policy_;
};

}  // namespace llmgw::application
