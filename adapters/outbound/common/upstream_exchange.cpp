#include "adapters/outbound/common/upstream_exchange.hpp"

#include <boost/json/parse.hpp>

#include "adapters/common/traceparent.hpp"
#include "adapters/outbound/common/upstream_error.hpp"

namespace llmgw::adapters {
namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

// An error body is read only this far: enough for any message.
constexpr std::size_t max_error_body_bytes = 64 * 1024;

std::string message_in(std::string_view body) {
    boost::system::error_code parse_error;
    const auto parsed = json::parse(body.substr(0, max_error_body_bytes), parse_error);
    if (parse_error || !parsed.is_object()) return {};
    const auto* error = parsed.get_object().if_contains("error");
    if (!error) return {};
    if (error->is_string()) return std::string(error->get_string());
    if (!error->is_object()) return {};
    const auto* message = error->get_object().if_contains("message");
    return message && message->is_string() ? std::string(message->get_string()) : std::string();
}

domain::Error error_from(std::string_view provider, const http::fields& head, unsigned status, std::string_view body,
                         std::chrono::system_clock::time_point now) {
    return upstream_http_error(provider, status, message_in(body), parse_retry_after(head[http::field::retry_after], now));
}

}  // namespace

boost::asio::awaitable<domain::Error> error_from_response(std::string_view provider,
                                                          infrastructure::ResponseStream& response) {
    std::string body;
    while (body.size() < max_error_body_bytes) {
        auto piece = co_await response.next();
        if (!piece || piece.value().empty()) break;
        body += piece.value();
    }
    co_return error_from(provider, response.head().base(), response.status(), body, response.clock().now());
}

domain::Error error_from_response(std::string_view provider, const infrastructure::HttpResponse& response,
                                  std::chrono::system_clock::time_point now) {
    return error_from(provider, response.base(), response.result_int(), response.body(), now);
}

domain::Error malformed_upstream(std::string_view provider, std::string_view what) {
    return domain::make_error(domain::ErrorCode::upstream_error, "The upstream provider `" + std::string(provider) +
                                                                     "` sent a malformed answer: " + std::string(what) +
                                                                     ".");
}

domain::Error cut_off_stream(std::string_view provider) {
    auto error = malformed_upstream(provider, "the stream ended before the answer finished");
    error.transient = true;
    return error;
}

boost::asio::awaitable<domain::Result<json::value>> post_json(infrastructure::HttpClient& client,
                                                              const infrastructure::Endpoint& endpoint,
                                                              std::string_view provider,
                                                              infrastructure::HttpRequest request,
                                                              infrastructure::HttpTimeouts timeouts) {
    BOOST_OUTCOME_CO_TRY(auto response, co_await client.send(endpoint, std::move(request), timeouts));
    if (response.result_int() != 200) co_return error_from_response(provider, response, client.clock().now());
    boost::system::error_code parse_error;
    auto parsed = json::parse(response.body(), parse_error);
    if (parse_error || !parsed.is_object()) co_return malformed_upstream(provider, "the body is not a JSON object");
    co_return parsed;
}

void set_trace_headers(infrastructure::HttpRequest& request, const domain::TraceContext& trace) {
    if (!trace.valid()) return;
    request.set("traceparent", traceparent(trace));
    if (!trace.tracestate.empty()) request.set("tracestate", trace.tracestate);
}

}  // namespace llmgw::adapters
