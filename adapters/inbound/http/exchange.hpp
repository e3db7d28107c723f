#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/status.hpp>

#include "adapters/inbound/http/openai_error.hpp"
#include "domain/request_outcome.hpp"
#include "domain/request_trace.hpp"
#include "domain/trace_context.hpp"
#include "observability/secret_scrubber.hpp"

namespace llmgw::adapters {

// The answering side of one HTTP request: a whole response, or a stream of
// Server-Sent Events in a chunked body. Also tells when the client has gone.
//
// Object lifetimes: `stream` and `buffer` belong to the session and outlive
// the exchange. One write at a time; `client_gone` may run beside a write.
class Exchange {
public:
    // What of the request shapes its response.
    struct RequestLine {
        unsigned version = 11;   // 10: an HTTP/1.0 client, which knows no chunked bodies
        bool head_only = false;  // HEAD: the header alone
        bool keep_alive = true;
    };

    // The gateway's own id of the request (unique: the ledger's key), the
    // caller's X-Request-Id, if it sent a usable one, and the request's place
    // in a trace (the gateway's span, the caller's as its parent when it
    // sent a traceparent).
    struct RequestIds {
        std::string gateway;
        std::string caller;
        domain::TraceContext trace;
        // Where the request's trace is written down; null when unsampled.
        domain::RequestTrace* recording = nullptr;
        // Where the outcome of a model call is told, for the access log.
        domain::RequestOutcome* outcome = nullptr;
    };

    // Every error message is passed through `scrubber` on its way out: an
    // upstream's error text may echo a credential. Every response carries
    // `x-request-id` (the caller's id, else the gateway's),
    // `x-llmgw-request-id` (the gateway's) and `traceparent` (the gateway's
    // span of the request).
    Exchange(boost::beast::tcp_stream& stream, boost::beast::flat_buffer& buffer, RequestLine request,
             RequestIds ids, std::chrono::seconds write_timeout, const observability::SecretScrubber& scrubber);

    boost::asio::awaitable<void> reply(boost::beast::http::status status, std::string body,
                                       std::string_view content_type = "application/json");
    boost::asio::awaitable<void> reply_error(const OpenAiError& error);
    // An error once events went out: too late for a status, so it is the
    // last event, as OpenAI sends it.
    boost::asio::awaitable<void> send_error_event(const OpenAiError& error);
    // `text` without secrets, for anything else that may carry upstream words.
    std::string scrub(std::string_view text) const { return scrubber_.scrub(text); }
    // Sets a header on the response still to be sent (whole or streamed).
    void set_header(std::string_view name, std::string value);

    // Sends the header of an event stream; then `send_event` writes one
    // `data:` event each and `end_events` closes the body. An HTTP/1.0
    // client gets the events unframed, ended by closing the connection.
    boost::asio::awaitable<void> start_events();
    boost::asio::awaitable<void> send_event(std::string_view data);
    // An event with an `event:` name, for clients that dispatch on it.
    boost::asio::awaitable<void> send_event(std::string_view name, std::string_view data);
    boost::asio::awaitable<void> end_events();
    bool events_started() const noexcept { return events_started_; }

    // Completes when the client closes its side or the connection breaks.
    // Bytes the client sends meanwhile (a pipelined request) are kept in the
    // session's buffer for the next read.
    boost::asio::awaitable<void> client_gone();

    // The client left before its answer: nothing more is sent, and the
    // request is logged with status 499 (client closed request).
    void abandon() noexcept {
        broken_ = true;
        status_ = 499;
    }

    // Puts the request's spans into the trace `trace_id` (an agent's, named
    // in its call) unless the caller's traceparent already placed it in
    // one; whether it did.
    bool join_trace(const std::array<std::uint8_t, 16>& trace_id) noexcept {
        if (ids_.trace.has_parent()) return false;
        ids_.trace.trace_id = trace_id;
        return true;
    }

    const std::string& request_id() const noexcept { return ids_.gateway; }
    const std::string& client_request_id() const noexcept { return ids_.caller; }
    const domain::TraceContext& trace() const noexcept { return ids_.trace; }
    domain::RequestTrace* recording() const noexcept { return ids_.recording; }
    domain::RequestOutcome* outcome() const noexcept { return ids_.outcome; }
    unsigned status() const noexcept { return status_; }
    // A write failed: the connection cannot carry another response.
    bool broken() const noexcept { return broken_; }
    bool keep_alive() const noexcept { return request_.keep_alive && !broken_ && !unframed_; }

private:
    boost::asio::awaitable<void> write_chunk(std::string_view bytes);
    template <class Response>
    void set_ids(Response& response) const;

    boost::beast::tcp_stream& stream_;
    boost::beast::flat_buffer& buffer_;
    const observability::SecretScrubber& scrubber_;
    RequestLine request_;
    bool unframed_ = false;  // an event stream sent without chunking
    RequestIds ids_;
    std::chrono::seconds write_timeout_;
    std::vector<std::pair<std::string, std::string>> headers_;
    unsigned status_ = 0;
    bool broken_ = false;
    bool events_started_ = false;
};

}  // namespace llmgw::adapters
