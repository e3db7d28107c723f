#pragma once

#include <cstdint>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "adapters/inbound/http/exchange.hpp"
#include "adapters/inbound/http/front_door.hpp"
#include "adapters/inbound/http/http_api.hpp"
#include "application/access_policy.hpp"
#include "application/complete_chat.hpp"
#include "application/complete_text.hpp"
#include "application/embed.hpp"
#include "application/list_budgets.hpp"
#include "application/list_models.hpp"
#include "application/metering.hpp"
#include "application/provider_health.hpp"
#include "application/report_spend.hpp"
#include "application/stream_chat.hpp"
#include "domain/ports/clock.hpp"
#include "observability/metrics/metrics.hpp"

namespace llmgw::adapters {

struct ApiUseCases {
    const application::AccessPolicy& access;
    application::CompleteChat& complete_chat;
    application::StreamChat& stream_chat;
    application::ListModels& list_models;
    application::Embed& embed;
    application::CompleteText& complete_text;
    application::ProviderHealth& provider_health;
    application::Metering& metering;  // opens each model call's ledger row
    const application::ListBudgets& list_budgets;
    const application::ReportSpend& report_spend;
};

// GET /metrics: the registry's exposition, to anyone, or only to the admin
// key (`admin_only`, which needs configured keys to mean anything).
struct MetricsEndpoint {
    const observability::MetricsRegistry* registry = nullptr;
    bool admin_only = false;
};

// The OpenAI REST surface: routes a request to its use case and translates
// between OpenAI JSON and domain types both ways. Holds no policy.
//
//   POST /v1/chat/completions   (plain or `stream: true` as SSE)
//   POST /v1/embeddings
//   POST /v1/completions        (legacy; OpenAI-compatible deployments)
//   GET  /v1/models, GET /v1/models/{id}
//   GET  /healthz                 the process is alive
//   GET  /readyz                  at least one deployment accepts calls
//   GET  /v1/health/providers     each deployment's state (?probe=true: and
//                                 a one-token call to each)
//   GET  /v1/budgets              where the caller's budgets stand (the admin
//                                 key: every budget)
//   GET  /v1/spend                spend totals from the ledger, grouped and
//                                 filtered (the admin key: everyone's)
//
// The /v1 prefix is optional, for clients configured with a bare base URL.
// With gateway API keys configured, every route but /healthz and /readyz
// needs one (`Authorization: Bearer`, `x-api-key` or `api-key`).
// Request header `x-llmgw-timeout-ms` sets the request's own time limit,
// and `Cache-Control` and `x-llmgw-cache-ttl` what the response cache may do;
// answers say which model served them in `x-llmgw-served-by`, and how the
// cache took part in `x-llmgw-cache` (chat and embeddings).
class OpenAiApi final : public HttpApi {
public:
    OpenAiApi(ApiUseCases use_cases, const domain::Clock& clock, MetricsEndpoint metrics = {});

    boost::asio::awaitable<void> handle(const Request& request, Exchange& exchange) override;

private:
    boost::asio::awaitable<void> chat_completions(const Request& request, domain::RequestContext context,
                                                  Exchange& exchange);
    boost::asio::awaitable<void> embeddings(const Request& request, domain::RequestContext context,
                                            Exchange& exchange);
    boost::asio::awaitable<void> completions(const Request& request, domain::RequestContext context,
                                             Exchange& exchange);
    boost::asio::awaitable<void> list_models(const domain::RequestContext& context, Exchange& exchange);
    boost::asio::awaitable<void> retrieve_model(const domain::RequestContext& context, std::string_view id,
                                                Exchange& exchange);
    boost::asio::awaitable<void> readiness(Exchange& exchange);
    boost::asio::awaitable<void> budgets(const domain::RequestContext& context, Exchange& exchange);
    boost::asio::awaitable<void> spend(const Request& request, const domain::RequestContext& context,
                                       Exchange& exchange);
    boost::asio::awaitable<void> provider_health(const Request& request, const domain::RequestContext& context,
                                                 Exchange& exchange);
    ApiUseCases use_cases_;
    const domain::Clock& clock_;
    const MetricsEndpoint metrics_;
    const RequestContexts contexts_;
    std::int64_t started_at_;  // the `created` of every listed model
};

}  // namespace llmgw::adapters
