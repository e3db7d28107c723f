#include "adapters/inbound/http/sse_chunk_sink.hpp"

#include "adapters/inbound/http/answer_status.hpp"
#include "adapters/inbound/http/captured_content.hpp"

namespace llmgw::adapters {

boost::asio::awaitable<domain::Result<void>> SseChunkSink::on_chunk(const domain::StreamChunk& chunk) {
    if (!exchange_.events_started()) {
        if (status_) tell_answer_status(exchange_, *status_);
        co_await exchange_.start_events();
    }
    co_await exchange_.send_event(write_chunk_(identity_, chunk, usage_field_));
    if (auto* recording = exchange_.recording(); recording && recording->capture_content) {
        capture_chunk(recording->content, chunk);
    }
    if (exchange_.broken()) {
        co_return domain::make_error(domain::ErrorCode::client_closed, "The client closed the connection.");
    }
    co_return domain::success();
}

void SseChunkSink::on_served_by(const domain::Deployment& deployment) {
    identity_.model = deployment.model;
    if (!exchange_.events_started()) exchange_.set_header(served_by_header_, deployment.model);
}

}  // namespace llmgw::adapters
