#include "adapters/outbound/common/stream_pump.hpp"

#include <boost/json/parse.hpp>

#include "adapters/outbound/common/upstream_exchange.hpp"

namespace llmgw::adapters {
namespace {
using Clock = std::chrono::steady_clock;

domain::Error too_large(std::string_view provider, std::string_view what, std::size_t limit) {
    // Appended piece by piece: GCC 12 warns falsely (-Warray-bounds) on the
    // same built with operator+.
    std::string problem(what);
    problem += " over the limit of ";
    problem += std::to_string(limit);
    problem += " bytes";
    return malformed_upstream(provider, problem);
}

domain::Error stalled(std::string_view provider, bool before_first, std::chrono::milliseconds limit) {
    return domain::make_transient_error(
        domain::ErrorCode::upstream_timeout,
        "The upstream provider `" + std::string(provider) + "` sent " + (before_first ? "no content" : "no more content") +
            " for " + std::to_string(limit.count()) + " ms" + (before_first ? "." : " after its last chunk."));
}

}  // namespace

domain::Result<boost::json::object> event_object(std::string_view provider, const SseEvent& event) {
    boost::system::error_code parse_error;
    auto payload = boost::json::parse(event.data, parse_error);
    if (parse_error || !payload.is_object()) return malformed_upstream(provider, "an event is not JSON");
    return std::move(payload.get_object());
}

boost::asio::awaitable<domain::Result<domain::StreamSummary>> pump_stream(infrastructure::ResponseStream& response,
                                                                          std::string_view provider,
                                                                          const StreamLimits& limits,
                                                                          StreamTranslation& translation,
                                                                          domain::ChunkSink& sink) {
    SseParser parser;
    std::vector<SseEvent> events;
    std::size_t body_bytes = 0;
    bool delivered = false;
    // Progress moves the deadline; bytes that carry no chunk do not.
    auto deadline = Clock::now() + limits.first_content;
    for (;;) {
        // Rounded up, so that a read that times out has reached the deadline.
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) co_return stalled(provider, !delivered, delivered ? limits.content_gap : limits.first_content);
        auto piece = co_await response.next(left);
        if (!piece) {
            if (piece.error().code == domain::ErrorCode::upstream_timeout && Clock::now() >= deadline) {
                co_return stalled(provider, !delivered, delivered ? limits.content_gap : limits.first_content);
            }
            co_return std::move(piece).error();
        }
        if (piece.value().empty()) break;  // the body ended
        body_bytes += piece.value().size();
        if (body_bytes > limits.max_response_bytes) co_return too_large(provider, "a stream", limits.max_response_bytes);

        events.clear();
        parser.feed(piece.value(), events);
        if (parser.pending_bytes() > limits.max_event_bytes) {
            co_return too_large(provider, "an event", limits.max_event_bytes);
        }
        for (const auto& event : events) {
            if (event.data.size() > limits.max_event_bytes) co_return too_large(provider, "an event", limits.max_event_bytes);
            BOOST_OUTCOME_CO_TRY(auto chunks, translation.on_event(event));
            bool progress = false;
            for (const auto& chunk : chunks) {
                BOOST_OUTCOME_CO_TRY(co_await sink.on_chunk(chunk));
                progress = progress || domain::carries_content(chunk);
            }
            if (progress) {
                delivered = true;
                deadline = Clock::now() + limits.content_gap;
            }
            if (translation.done()) {
                co_await response.discard_rest(end_of_body_wait);
                co_return translation.summary();
            }
        }
    }
    if (!translation.complete()) co_return cut_off_stream(provider);
    co_return translation.summary();
}

}  // namespace llmgw::adapters
