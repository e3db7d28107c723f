#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/json/value.hpp>

#include "adapters/inbound/http/exchange.hpp"
#include "adapters/inbound/http/http_api.hpp"
#include "application/access_policy.hpp"
#include "application/as_optional.hpp"
#include "application/complete_chat.hpp"
#include "application/metering.hpp"
#include "application/stream_chat.hpp"
#include "application/request_record.hpp"
#include "domain/ports/clock.hpp"
#include "domain/request_context.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::adapters {

// What every front door (OpenAI REST, JSON-RPC, ...) does the same way
// before its own dialect begins.

// What a door that speaks a chat dialect of its own (Anthropic's Messages,
// OpenAI's Responses) needs of the use cases.
struct ChatDoorUseCases {
    const application::AccessPolicy& access;
    application::CompleteChat& complete_chat;
    application::StreamChat& stream_chat;
    application::Metering& metering;  // opens each model call's ledger row
};

// The header that names the model that served an answer.
constexpr std::string_view served_by_header = "x-llmgw-served-by";

// Runs `work` unless the client leaves first, in which case `work` is
// cancelled (and so is its upstream call) and the result is empty.
template <class T>
boost::asio::awaitable<std::optional<T>> unless_client_leaves(boost::asio::awaitable<T> work, Exchange& exchange) {
    using namespace boost::asio::experimental::awaitable_operators;
    auto outcome = co_await (application::as_optional(std::move(work)) || exchange.client_gone());
    if (outcome.index() == 0) co_return std::move(std::get<0>(outcome));
    exchange.abandon();
    co_return std::nullopt;
}

// How a streamed answer ended, once its ledger row says so: the status is
// the error's while no event went out, else 200 (the stream's own).
enum class StreamEnd {
    client_left,      // nothing more to send
    failed,           // the error still gets a status of its own
    failed_midway,    // too late for a status: the error is the last event
    answered,
};
StreamEnd record_stream_end(application::RequestRecord& record,
                            const std::optional<domain::Result<domain::StreamSummary>>& streamed,
                            const Exchange& exchange);

// Answers with `error` as the OpenAI routes do, and records it on the
// request's row.
boost::asio::awaitable<void> reply_failure(Exchange& exchange, application::RequestRecord& record,
                                           const domain::Error& error);

// A request body as JSON, parsed with a nesting limit; none when it is not
// JSON (or nests deeper than 64).
std::optional<boost::json::value> parse_json_body(std::string_view text);

// The path without query and without the optional /v1 prefix.
std::string_view route_of(std::string_view target);

std::int64_t unix_seconds(const domain::Clock& clock);

// A request's context: its caller, authenticated by the key it presents
// (`Authorization: Bearer`, `x-api-key` or `api-key`) and attributed by its
// headers, its cache controls, and its deadline when `x-llmgw-timeout-ms`
// sets one.
class RequestContexts {
public:
    RequestContexts(const application::AccessPolicy& access, const domain::Clock& clock)
        : access_(access), clock_(clock) {}

    domain::Result<domain::RequestContext> operator()(const HttpApi::Request& request, const Exchange& exchange) const;

private:
    const application::AccessPolicy& access_;
    const domain::Clock& clock_;
};

}  // namespace llmgw::adapters
