#include "adapters/inbound/http/front_door.hpp"

#include <charconv>

#include <boost/json/parse.hpp>

#include "adapters/inbound/http/attribution.hpp"
#include "adapters/inbound/http/cache_headers.hpp"
#include "adapters/inbound/http/presented_key.hpp"

namespace llmgw::adapters {
namespace {

constexpr std::string_view timeout_header = "x-llmgw-timeout-ms";
// The longest time limit a request may set for itself: an hour.
constexpr long long max_request_timeout_ms = 3'600'000;

}  // namespace

std::optional<boost::json::value> parse_json_body(std::string_view text) {
    boost::system::error_code parse_error;
    boost::json::parse_options limits;
    limits.max_depth = 64;
    auto body = boost::json::parse(text, parse_error, {}, limits);
    if (parse_error) return std::nullopt;
    return body;
}

std::string_view route_of(std::string_view target) {
    target = target.substr(0, target.find('?'));
    if (target.starts_with("/v1/")) target.remove_prefix(3);
    return target;
}

boost::asio::awaitable<void> reply_failure(Exchange& exchange, application::RequestRecord& record,
                                           const domain::Error& error) {
    const auto reply = to_openai_error(error);
    record.failed(static_cast<int>(reply.status), error);
    co_await exchange.reply_error(reply);
}

StreamEnd record_stream_end(application::RequestRecord& record,
                            const std::optional<domain::Result<domain::StreamSummary>>& streamed,
                            const Exchange& exchange) {
    constexpr int stream_status = 200;
    if (!streamed) {
        record.abandoned(exchange.events_started() ? stream_status : application::RequestRecord::status_client_left);
        return StreamEnd::client_left;
    }
    if (*streamed) {
        record.answered(stream_status);
        return StreamEnd::answered;
    }
    const auto& error = streamed->error();
    if (exchange.events_started()) {
        record.failed(stream_status, error);
        return StreamEnd::failed_midway;
    }
    record.failed(static_cast<int>(to_openai_error(error).status), error);
    return StreamEnd::failed;
}

std::int64_t unix_seconds(const domain::Clock& clock) {
    return std::chrono::duration_cast<std::chrono::seconds>(clock.now().time_since_epoch()).count();
}

domain::Result<domain::RequestContext> RequestContexts::operator()(const HttpApi::Request& request,
                                                                  const Exchange& exchange) const {
    domain::RequestContext context{exchange.request_id(), {}, std::nullopt};
    context.received_at = clock_.monotonic();
    context.client_request_id = exchange.client_request_id();
    context.trace = exchange.trace();
    context.recording = exchange.recording();
    context.outcome = exchange.outcome();
    BOOST_OUTCOME_TRY(access_.authenticate(presented_key(request), context));
    BOOST_OUTCOME_TRY(attribute_from_headers(request, context.caller));
    BOOST_OUTCOME_TRY(context.cache_control, cache_control_of(request));
    const auto header = request.find(timeout_header);
    if (header == request.end()) return context;
    const auto text = header->value();
    long long milliseconds = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), milliseconds);
    if (ec != std::errc{} || end != text.data() + text.size() || milliseconds < 1 ||
        milliseconds > max_request_timeout_ms) {
        return domain::make_error(domain::ErrorCode::invalid_request,
                                  "The header " + std::string(timeout_header) +
                                      " must be a whole number of milliseconds from 1 to " +
                                      std::to_string(max_request_timeout_ms) + ".");
    }
    context.deadline = clock_.monotonic() + std::chrono::milliseconds(milliseconds);
    return context;
}

}  // namespace llmgw::adapters
