#pragma once

#include <vector>

#include <boost/asio/awaitable.hpp>

#include "adapters/inbound/http/answer_status.hpp"
#include "adapters/inbound/http/captured_content.hpp"
#include "adapters/inbound/http/exchange.hpp"
#include "adapters/inbound/http/front_door.hpp"
#include "adapters/sse/named_event.hpp"
#include "domain/ports/chunk_sink.hpp"

namespace llmgw::adapters {

// Sends a streamed answer as the named events a dialect's `Writer` makes of
// each chunk (Anthropic's Messages, OpenAI's Responses): writer.add(chunk,
// events), writer.finish(usage, events), writer.set_model(model). The event
// stream's header goes out with the first event, so that a request that
// fails before any gets a proper error status.
template <class Writer>
class NamedEventSink final : public domain::ChunkSink {
public:
    NamedEventSink(Exchange& exchange, Writer& writer, const AnswerStatus& status)
        : exchange_(exchange), writer_(writer), status_(status) {}

    boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override {
        writer_.add(chunk, events_);
        co_await send();
        if (auto* recording = exchange_.recording(); recording && recording->capture_content) {
            capture_chunk(recording->content, chunk);
        }
        if (exchange_.broken()) {
            co_return domain::make_error(domain::ErrorCode::client_closed, "The client closed the connection.");
        }
        co_return domain::success();
    }

    void on_served_by(const domain::Deployment& deployment) override {
        writer_.set_model(deployment.model);
        if (!exchange_.events_started()) exchange_.set_header(served_by_header, deployment.model);
    }

    // The events that end an answer, and the end of the stream.
    boost::asio::awaitable<void> finish(const domain::Usage& usage) {
        writer_.finish(usage, events_);
        co_await send();
        co_await exchange_.end_events();
    }

    // Events made outside a chunk (a failure's), to send with `send`.
    std::vector<NamedEvent>& pending() noexcept { return events_; }

    boost::asio::awaitable<void> send() {
        if (events_.empty()) co_return;
        if (!exchange_.events_started()) {
            tell_answer_status(exchange_, status_);
            co_await exchange_.start_events();
        }
        for (const auto& event : events_) co_await exchange_.send_event(event.name, event.data);
        events_.clear();
    }

private:
    Exchange& exchange_;
    Writer& writer_;
    const AnswerStatus& status_;
    std::vector<NamedEvent> events_;
};

}  // namespace llmgw::adapters
