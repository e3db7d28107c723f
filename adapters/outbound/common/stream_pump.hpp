#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "adapters/sse/sse_parser.hpp"
#include "domain/error.hpp"
#include "domain/ports/chunk_sink.hpp"
#include "domain/stream_chunk.hpp"
#include "infrastructure/http/http_client.hpp"

namespace llmgw::adapters {

// What an upstream stream may cost before the attempt is failed: bytes
// (one event, the whole body) and time without progress. Only content is
// progress (domain::carries_content): SSE comments, Anthropic's `ping` and
// the opening role chunk are not, so an upstream that only keeps the
// connection warm is as stuck as a silent one.
struct StreamLimits {
    std::size_t max_event_bytes = 16 * 1024 * 1024;
    std::size_t max_response_bytes = 64 * 1024 * 1024;
    // From the response header to the first chunk, and between chunks.
    std::chrono::milliseconds first_content{600'000};
    std::chrono::milliseconds content_gap{300'000};
};

// One provider's stream translation as the pump drives it: sans I/O, fed
// one SSE event at a time.
class StreamTranslation {
public:
    virtual ~StreamTranslation() = default;
    // The chunks `event` completes, or the failure it reports.
    virtual domain::Result<std::vector<domain::StreamChunk>> on_event(const SseEvent& event) = 0;
    // No event after this one is wanted (an end marker came): the rest of
    // the body is only read to keep the connection.
    virtual bool done() const = 0;
    // The answer is whole: a body that ends now ended in the right place.
    virtual bool complete() const = 0;
    virtual domain::StreamSummary summary() const = 0;
};

// The one loop every provider's stream runs through: reads the body of a
// 200 response as SSE events within `limits`, translates each, hands the
// chunks to `sink` (whose backpressure paces the reads), and returns the
// summary, or the failure that ended the attempt. A body that ends before
// the answer is a transient cut-off.
boost::asio::awaitable<domain::Result<domain::StreamSummary>> pump_stream(infrastructure::ResponseStream& response,
                                                                          std::string_view provider,
                                                                          const StreamLimits& limits,
                                                                          StreamTranslation& translation,
                                                                          domain::ChunkSink& sink);

// An event's data as a JSON object, or a malformed-answer error naming
// `provider`.
domain::Result<boost::json::object> event_object(std::string_view provider, const SseEvent& event);

}  // namespace llmgw::adapters
