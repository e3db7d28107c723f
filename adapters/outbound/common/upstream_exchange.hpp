#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include "domain/error.hpp"
#include "domain/trace_context.hpp"
#include "infrastructure/http/http_client.hpp"

namespace llmgw::adapters {

// What every provider adapter does with an upstream HTTP exchange, whatever
// its JSON looks like.

// After a stream's last event only the end of the chunked body should
// follow; waiting a moment for it keeps the connection reusable.
inline constexpr std::chrono::milliseconds end_of_body_wait{1000};

// The domain error for a non-2xx answer. Reads (a bounded part of) the body
// for the provider's message: all three wire formats put it at
// `error.message`; some compatible servers send `{"error": "..."}`.
boost::asio::awaitable<domain::Error> error_from_response(std::string_view provider,
                                                          infrastructure::ResponseStream& response);
// `now` reads an HTTP-date Retry-After.
domain::Error error_from_response(std::string_view provider, const infrastructure::HttpResponse& response,
                                  std::chrono::system_clock::time_point now);

domain::Error malformed_upstream(std::string_view provider, std::string_view what);
// A stream whose body ended before the answer did: a dropped connection or a
// crashed upstream, so it is transient.
domain::Error cut_off_stream(std::string_view provider);

// Names `trace`'s span in `request`'s `traceparent` header, with the
// caller's `tracestate`, when the request is traced.
void set_trace_headers(infrastructure::HttpRequest& request, const domain::TraceContext& trace);

// Sends `request` and returns the upstream's JSON object when it answered
// 200, or the domain error for anything else.
boost::asio::awaitable<domain::Result<boost::json::value>> post_json(infrastructure::HttpClient& client,
                                                                     const infrastructure::Endpoint& endpoint,
                                                                     std::string_view provider,
                                                                     infrastructure::HttpRequest request,
                                                                     infrastructure::HttpTimeouts timeouts);

}  // namespace llmgw::adapters
