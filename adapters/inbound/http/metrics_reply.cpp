#include "adapters/inbound/http/metrics_reply.hpp"

#include "adapters/inbound/http/accept_header.hpp"
#include "adapters/inbound/http/openai_error.hpp"

namespace llmgw::adapters {
namespace http = boost::beast::http;

boost::asio::awaitable<void> reply_metrics(const observability::MetricsRegistry& registry,
                                           const http::request<http::string_body>& request, Exchange& exchange) {
    if (request.method() != http::verb::get && request.method() != http::verb::head) {
        co_return co_await exchange.reply_error(method_not_allowed(request.method_string(), request.target()));
    }
    using Format = observability::MetricsRegistry::Format;
    if (prefers_openmetrics(request[http::field::accept])) {
        co_return co_await exchange.reply(http::status::ok, registry.exposition(Format::openmetrics),
                                          "application/openmetrics-text; version=1.0.0; charset=utf-8");
    }
    co_await exchange.reply(http::status::ok, registry.exposition(Format::prometheus),
                            "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace llmgw::adapters
