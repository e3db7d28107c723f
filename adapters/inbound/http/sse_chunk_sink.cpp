#include "adapters/inbound/http/sse_chunk_sink.hpp"

#include "adapters/openai_format/stream_chunk_json.hpp"

namespace llmgw::adapters {

boost::asio::awaitable<domain::Result<void>> SseChunkSink::on_chunk(const domain::StreamChunk& chunk) {
    if (!exchange_.events_started()) co_await exchange_.start_events();
    co_await exchange_.send_event(write_chunk(identity_, chunk, usage_field_));
    if (exchange_.broken()) {
        co_return domain::make_error(domain::ErrorCode::upstream_error, "The client closed the connection.");
    }
    co_return domain::success();
}

}  // namespace llmgw::adapters
