#pragma once

#include <boost/asio/awaitable.hpp>

#include "application/metering.hpp"
#include "application/model_router.hpp"
#include "domain/chat_request.hpp"
#include "domain/ports/chunk_sink.hpp"
#include "domain/request_context.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::application {

// Use case: answer a chat request as a stream of chunks pushed to `sink`.
// Order: resolve the model -> reserve -> stream -> settle. A stream that
// fails or is cancelled after chunks went out is still settled, with the
// usage estimated from what was delivered.
//
// Object lifetimes: `sink` must outlive the returned awaitable.
class StreamChat {
public:
    StreamChat(const ModelRouter& router, Metering& metering) : router_(router), metering_(metering) {}

    boost::asio::awaitable<domain::Result<domain::StreamSummary>> operator()(domain::RequestContext context,
                                                                            domain::ChatRequest request,
                                                                            domain::ChunkSink& sink);

private:
    const ModelRouter& router_;
    Metering& metering_;
};

}  // namespace llmgw::application
