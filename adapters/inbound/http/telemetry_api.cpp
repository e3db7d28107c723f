#include "adapters/inbound/http/telemetry_api.hpp"

#include "adapters/inbound/http/metrics_reply.hpp"
#include "adapters/inbound/http/openai_error.hpp"
#include "adapters/inbound/http/presented_key.hpp"

namespace llmgw::adapters {
namespace http = boost::beast::http;

boost::asio::awaitable<void> TelemetryApi::handle(const Request& request, Exchange& exchange) {
    const auto target = request.target();
    const auto path = target.substr(0, target.find('?'));
    if (path == "/healthz") co_return co_await exchange.reply(http::status::ok, R"({"status":"ok"})");
    if (path != "/metrics") co_return co_await exchange.reply_error(route_not_found(request.method_string(), target));
    if (admin_only_) {
        domain::RequestContext context{exchange.request_id(), {}, std::nullopt};
        auto allowed = access_.authenticate(presented_key(request), context);
        if (allowed) allowed = access_.require_admin(context);
        if (!allowed) {
            // RFC 9110 §11.6.1: a 401 names the scheme it wants.
            if (allowed.error().code == domain::ErrorCode::unauthorized) exchange.set_header("www-authenticate", "Bearer");
            co_return co_await exchange.reply_error(to_openai_error(allowed.error()));
        }
    }
    co_await reply_metrics(registry_, request, exchange);
}

}  // namespace llmgw::adapters
