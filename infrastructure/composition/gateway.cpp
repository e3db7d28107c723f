#include "infrastructure/composition/gateway.hpp"

#include <map>
#include <memory>
#include <string>

#include <unistd.h>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/inbound/http/http_server.hpp"
#include "adapters/inbound/http/telemetry_api.hpp"
#include "adapters/inbound/http/front_doors.hpp"
#include "adapters/inbound/http/anthropic_messages_api.hpp"
#include "adapters/inbound/http/json_rpc_api.hpp"
#include "adapters/inbound/http/responses_api.hpp"
#include "adapters/inbound/http/openai_api.hpp"
#include "adapters/outbound/alerts/budget_webhook.hpp"
#include "adapters/outbound/anthropic/anthropic_transport.hpp"
#include "adapters/outbound/gemini/gemini_transport.hpp"
#include "adapters/outbound/mock/mock_transport.hpp"
#include "adapters/outbound/openai/openai_transport.hpp"
#include "adapters/outbound/otlp/otlp_exporter.hpp"
#include "adapters/common/traceparent.hpp"
#include "application/access_policy.hpp"
#include "application/budget_alerts.hpp"
#include "application/budget_policy.hpp"
#include "application/complete_chat.hpp"
#include "application/complete_text.hpp"
#include "application/embed.hpp"
#include "application/list_budgets.hpp"
#include "application/list_models.hpp"
#include "application/metering.hpp"
#include "application/model_router.hpp"
#include "application/provider_health.hpp"
#include "application/report_spend.hpp"
#include "application/count_tokens.hpp"
#include "application/stored_responses.hpp"
#include "application/resilience.hpp"
#include "application/stream_chat.hpp"
#include "infrastructure/auth/config_key_store.hpp"
#include "infrastructure/composition/configured_ledger.hpp"
#include "infrastructure/composition/gateway_metrics.hpp"
#include "infrastructure/composition/logged_access_events.hpp"
#include "infrastructure/composition/logged_budget_events.hpp"
#include "infrastructure/composition/logged_rate_limit_events.hpp"
#include "infrastructure/composition/logged_shared_state_events.hpp"
#include "infrastructure/composition/shared_state_stores.hpp"
#include "infrastructure/composition/logged_resilience_events.hpp"
#include "infrastructure/config/config_loader.hpp"
#include "infrastructure/http/http_client.hpp"
#include "infrastructure/ledger/postgres_ledger_store.hpp"
#include "infrastructure/memory_response_cache.hpp"
#include "adapters/outbound/redis/redis_client.hpp"
#include "adapters/outbound/redis/redis_response_cache.hpp"
#include "infrastructure/composition/logged_cache_store_events.hpp"
#include "infrastructure/system_clock.hpp"

namespace llmgw::infrastructure {
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

Endpoint endpoint_of(const ProviderConfig& provider) {
    auto endpoint = parse_endpoint(provider.base_url);
    if (!endpoint) throw ConfigError("provider `" + provider.name + "`: " + endpoint.error().message);
    return std::move(endpoint).value();
}

std::unique_ptr<domain::LlmTransport> make_transport(const ProviderConfig& provider, const GatewayConfig& config,
                                                     HttpClient& http) {
    const auto& models = config.models;
    const HttpTimeouts timeouts{provider.timeouts.connect, provider.timeouts.idle};
    const adapters::StreamLimits stream_limits{.max_event_bytes = config.max_event_bytes,
                                               .max_response_bytes = config.max_response_bytes,
                                               .first_content = provider.timeouts.first_content,
                                               .content_gap = provider.timeouts.content_gap};
    switch (provider.kind) {
    case ProviderKind::mock: return std::make_unique<adapters::MockTransport>();
    case ProviderKind::openai:
    case ProviderKind::openai_compatible:
        return std::make_unique<adapters::OpenAiTransport>(
            http, adapters::OpenAiTransportOptions{.provider = provider.name,
                                                   .endpoint = endpoint_of(provider),
                                                   .api_key = provider.api_key,
                                                   .headers = provider.headers,
                                                   .timeouts = timeouts,
                                                   .stream_limits = stream_limits,
                                                   .responses_api = provider.responses_api});
    case ProviderKind::anthropic: {
        adapters::AnthropicTransportOptions options{.provider = provider.name,
                                                    .endpoint = endpoint_of(provider),
                                                    .api_key = provider.api_key,
                                                    .anthropic_version = provider.anthropic_version,
                                                    .headers = provider.headers,
                                                    .timeouts = timeouts,
                                                    .stream_limits = stream_limits};
        for (const auto& model : models) {
            if (model.provider != provider.name) continue;
            auto& settings = options.models[model.upstream_model];
            // Never more than the budgets reserve for it.
            settings.max_tokens_default =
                std::min(model.max_tokens_default, model.max_output_tokens.value_or(model.max_tokens_default));
            settings.thinking = model.thinking.empty()   ? adapters::default_thinking(model.upstream_model)
                                : model.thinking == "budget" ? adapters::AnthropicThinking::budget
                                                             : adapters::AnthropicThinking::adaptive;
        }
        return std::make_unique<adapters::AnthropicTransport>(http, std::move(options));
    }
    case ProviderKind::gemini:
        return std::make_unique<adapters::GeminiTransport>(
            http, adapters::GeminiTransportOptions{provider.name, endpoint_of(provider), provider.api_key,
                                                   provider.headers, timeouts, stream_limits});
    }
    throw ConfigError("provider `" + provider.name + "`: unknown kind");
}

// The configured keys as the key store holds them: the allow-list is the
// key's own, else its team's.
std::vector<ConfigKeyStore::Entry> key_entries(const AuthConfig& auth) {
    std::vector<ConfigKeyStore::Entry> entries;
    for (const auto& key : auth.keys) {
        domain::ApiKey api_key{.owner = {key.id, key.team, key.project, key.user},
                               .models = key.models,
                               .expires_at = key.expires_at,
                               .cache_scope = key.cache_scope,
                               .cache_controls = key.cache_controls};
        if (!api_key.models) {
            const auto team = std::find_if(auth.teams.begin(), auth.teams.end(),
                                           [&](const TeamConfig& entry) { return entry.name == key.team; });
            if (team != auth.teams.end()) api_key.models = team->models;
        }
        entries.push_back({key.digest, std::move(api_key)});
    }
    if (auth.admin) entries.push_back({auth.admin->digest, domain::ApiKey{.owner = {"admin"}, .admin = true}});
    return entries;
}

// The cache's Redis, when `cache.kind` is redis.
std::unique_ptr<adapters::redis::RedisClient> make_cache_redis(const CacheConfig& cache) {
    if (!cache.redis) return nullptr;
    auto endpoint = adapters::redis::parse_redis_url(cache.redis_url);
    if (!endpoint) throw ConfigError("cache.url_env (" + cache.url_env + "): " + endpoint.error().message);
    return std::make_unique<adapters::redis::RedisClient>(std::move(endpoint).value(), adapters::redis::RedisOptions{});
}

std::unique_ptr<domain::ResponseCache> make_response_cache(const CacheConfig& cache, const domain::Clock& clock,
                                                           adapters::redis::RedisClient* redis,
                                                           adapters::redis::CacheStoreEvents& events) {
    if (redis) {
        return std::make_unique<adapters::redis::RedisResponseCache>(
            *redis, adapters::redis::RedisCacheOptions{cache.key_prefix, cache.lookup_timeout}, events);
    }
    return std::make_unique<MemoryResponseCache>(clock, cache.max_entries, cache.max_bytes);
}

application::CachePolicy cache_policy_of(const GatewayConfig& config) {
    const auto& cache = config.cache;
    application::CachePolicy policy{
        .enabled = cache.enabled,
        .coalesce = cache.coalesce.value_or(cache.enabled),
        .mode = cache.always ? application::CachePolicy::Mode::always : application::CachePolicy::Mode::deterministic,
        .scope = cache.scope,
        .ttl = cache.ttl,
        .max_ttl = cache.max_ttl};
    for (const auto& model : config.models) {
        if (model.cache.empty()) continue;
        policy.models[model.name] =
            model.cache == "always" ? application::ModelCaching::always : application::ModelCaching::never;
    }
    return policy;
}

using Transports = std::vector<std::pair<std::string, std::unique_ptr<domain::LlmTransport>>>;

Transports make_transports(const GatewayConfig& config, HttpClient& http) {
    Transports transports;
    for (const auto& provider : config.providers) transports.emplace_back(provider.name, make_transport(provider, config, http));
    return transports;
}

application::RoutePolicy route_policy(const ModelConfig& model) {
    return application::RoutePolicy{.retry = model.retry,
                                    .breaker = model.circuit_breaker,
                                    .timeouts = {model.first_token_timeout, model.total_timeout},
                                    .weight = model.weight,
                                    .max_concurrency = model.max_concurrency,
                                    .max_queued = model.max_queued};
}

domain::Deployment deployment_of(const ModelConfig& model, const GatewayConfig& config) {
    domain::Deployment deployment{.model = model.name,
                                  .provider = model.provider,
                                  .upstream_model = model.upstream_model,
                                  .pricing = model.pricing,
                                  .max_output_tokens = model.max_output_tokens.value_or(model.max_tokens_default)};
    const auto provider = std::find_if(config.providers.begin(), config.providers.end(),
                                       [&](const ProviderConfig& entry) { return entry.name == model.provider; });
    if (provider == config.providers.end()) return deployment;
    deployment.provider_kind = to_string(provider->kind);
    if (provider->kind == ProviderKind::mock) return deployment;
    const auto endpoint = endpoint_of(*provider);
    deployment.host = endpoint.host;
    deployment.port = static_cast<std::uint16_t>(std::stoi(endpoint.port));
    return deployment;
}

std::vector<application::Route> make_routes(const GatewayConfig& config, const Transports& transports) {
    std::vector<application::Route> routes;
    for (const auto& model : config.models) {
        auto transport = std::find_if(transports.begin(), transports.end(),
                                      [&](const auto& entry) { return entry.first == model.provider; });
        routes.push_back({deployment_of(model, config), transport->second.get(), route_policy(model)});
    }
    return routes;
}

std::vector<application::Tier> tiers_of(const GatewayConfig& config) {
    std::vector<application::Tier> tiers;
    for (const auto& [name, models] : config.tiers) tiers.push_back({name, models});
    return tiers;
}

application::ModelRouting model_routing(const GatewayConfig& config) {
    application::ModelRouting routing{.balancing = config.load_balancing};
    for (const auto& model : config.models) {
        if (!model.fallbacks.empty()) routing.fallbacks.emplace_back(model.name, model.fallbacks);
    }
    return routing;
}

std::unique_ptr<adapters::BudgetWebhook> make_budget_webhook(const AlertsConfig& alerts, const domain::Clock& clock,
                                                        observability::Logger& logger) {
    if (alerts.webhook_url.empty()) return nullptr;
    adapters::BudgetWebhookOptions options{
        .url = alerts.webhook_url, .bearer_token = alerts.webhook_token, .source = alerts.source};
    options.retry.max_attempts = alerts.webhook_max_attempts;
    return std::make_unique<adapters::BudgetWebhook>(std::move(options), clock, logger);
}

std::unique_ptr<observability::Tracer> make_tracer(const TracingConfig& tracing) {
    if (tracing.endpoint.empty()) return std::make_unique<observability::Tracer>();
    return std::make_unique<observability::Tracer>(
        *observability::Sampler::parse(tracing.sampler, tracing.sampler_arg),
        observability::TracerOptions{tracing.max_queue_size, tracing.max_export_batch_size});
}

// What every span says of the process: the service (OTEL_SERVICE_NAME,
// OTEL_RESOURCE_ATTRIBUTES), this instance and its host.
observability::TelemetryResource telemetry_resource(const TracingConfig& tracing) {
    observability::TelemetryResource resource{.scope_name = "llm-gateway", .scope_version = LLMGW_VERSION};
    auto& attributes = resource.attributes;
    attributes.emplace_back("service.name", tracing.service_name);
    attributes.emplace_back("service.version", std::string(LLMGW_VERSION));
    const auto instance = domain::random_trace_id();
    attributes.emplace_back("service.instance.id", adapters::trace_id_hex({.trace_id = instance}));
    char host[256] = {};
    if (gethostname(host, sizeof host - 1) == 0) attributes.emplace_back("host.name", std::string(host));
    attributes.emplace_back("telemetry.sdk.name", std::string("llm-gateway"));
    attributes.emplace_back("telemetry.sdk.language", std::string("cpp"));
    for (const auto& [key, value] : tracing.resource_attributes) put(attributes, {key, value});
    return resource;
}

std::unique_ptr<adapters::OtlpExporter> make_exporter(const TracingConfig& tracing, observability::Tracer& tracer,
                                                      const domain::Clock& clock, observability::Logger& logger) {
    if (!tracer.enabled()) return nullptr;
    adapters::OtlpExporterOptions options{.url = tracing.endpoint,
                                          .json = tracing.json,
                                          .headers = tracing.headers,
                                          .timeout = tracing.timeout,
                                          .schedule_delay = tracing.schedule_delay};
    return std::make_unique<adapters::OtlpExporter>(std::move(options), tracer, telemetry_resource(tracing), clock,
                                                    logger);
}

std::vector<std::string> model_names_of(const GatewayConfig& config) {
    std::vector<std::string> names;
    for (const auto& model : config.models) names.push_back(model.name);
    return names;
}

// Waits for SIGINT/SIGTERM, then lets in-flight requests finish for up to
// the grace period before closing what is left and stopping every loop.
asio::awaitable<void> drain_on_signal(asio::signal_set& signals, adapters::HttpServer& server,
                                      adapters::HttpServer* metrics_server,
                                      std::vector<std::unique_ptr<asio::io_context>>& loops,
                                      std::chrono::seconds grace, observability::Logger& logger) {
    const int signal = co_await signals.async_wait(asio::use_awaitable);
    logger.info("shutdown_started", {{"signal", std::to_string(signal)},
                                     {"open_connections", std::to_string(server.open_connections())}});
    server.shutdown();
    // A scrape is short: the telemetry port just closes.
    if (metrics_server) {
        metrics_server->shutdown();
        metrics_server->terminate();
    }
    asio::steady_timer timer(co_await asio::this_coro::executor);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (server.open_connections() > 0 && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(20));
        co_await timer.async_wait(asio::use_awaitable);
    }
    if (server.open_connections() > 0) {
        logger.warn("shutdown_grace_expired", {{"open_connections", std::to_string(server.open_connections())}});
        server.terminate();
        timer.expires_after(std::chrono::milliseconds(100));
        co_await timer.async_wait(asio::use_awaitable);
    }
    logger.info("shutdown_complete");
    for (auto& loop : loops) loop->stop();
}

// SIGHUP, SIGUSR1 and SIGUSR2 would end the process by default, cutting
// every stream: they are taken and logged instead. SIGHUP will reload the
// configuration once that exists; the user signals have no use yet.
asio::awaitable<void> log_other_signals(asio::signal_set& signals, observability::Logger& logger) {
    for (;;) {
        const int signal = co_await signals.async_wait(asio::use_awaitable);
        if (signal == SIGHUP) {
            logger.warn("reload_not_supported", {{"signal", "SIGHUP"},
                                                 {"detail", "configuration reload is not available yet; restart to apply changes"}});
        } else {
            logger.info("signal_ignored", {{"signal", signal == SIGUSR1 ? "SIGUSR1" : "SIGUSR2"}});
        }
    }
}

}  // namespace

// Everything one gateway is made of, in the order it is built (and torn
// down in reverse): the use cases before the API that calls them, the
// transports before the routes that point at them.
struct Gateway::Parts {
    asio::ssl::context tls = verifying_tls_client();
    SystemClock clock;
    std::unique_ptr<observability::Tracer> tracer;
    GatewayMetrics metrics;
    ConfigKeyStore keys;
    LoggedAccessEvents access_events;
    application::AccessPolicy access;
    HttpClient http{tls, {}, &clock};
    std::unique_ptr<adapters::redis::RedisClient> cache_redis;
    LoggedCacheStoreEvents cache_store_events;
    std::unique_ptr<domain::ResponseCache> cache;
    LoggedSharedStateEvents shared_state_events;
    SharedStateStores stores;
    domain::BudgetStore& budgets;
    ConfiguredLedger ledger;
    MeteredLedger metered_ledger;
    std::unique_ptr<adapters::BudgetWebhook> budget_webhook;
    LoggedBudgetEvents budget_events;
    application::BudgetAlerts budget_alerts;
    application::BudgetPolicy budget_policy;
    Transports transports;
    LoggedResilienceEvents resilience_events;
    application::ModelRouter router;
    application::Resilience resilience;
    application::ModelTiers model_tiers;
    application::Metering metering;
    application::ResponseCaching caching;
    LoggedRateLimitEvents rate_events;
    application::RateLimiting rate_limiting;
    application::ContentGuarding content_guarding;
    application::CompleteChat complete_chat;
    application::StreamChat stream_chat;
    application::ListModels list_models;
    application::Embed embed;
    application::CompleteText complete_text;
    application::ProviderHealth provider_health;
    application::ListBudgets list_budgets;
    application::ReportSpend report_spend;
    application::StoredResponses stored_responses;
    application::CountTokens count_tokens;
    adapters::OpenAiApi api;
    adapters::JsonRpcApi json_rpc;
    adapters::AnthropicMessagesApi messages;
    adapters::ResponsesApi responses;
    adapters::FrontDoors doors;
    std::unique_ptr<adapters::OtlpExporter> exporter;
    adapters::HttpServer server;
    adapters::TelemetryApi telemetry_api;
    std::unique_ptr<adapters::HttpServer> metrics_server;

    // What every use case asks of a request before anything is spent on it.
    application::RequestPolicy request_policy(const GatewayConfig& config) const {
        return {access, config.request_limits, rate_limiting.any() ? &rate_limiting : nullptr,
                content_guarding.any() ? &content_guarding : nullptr, config.tiers.empty() ? nullptr : &model_tiers};
    }

    Parts(const GatewayConfig& config, observability::Logger& logger)
        : tracer(make_tracer(config.telemetry.tracing)),
          metrics(model_names_of(config), *tracer, logger),
          keys(key_entries(config.auth)),
          access_events(logger, metrics),
          access(config.auth.enabled ? application::AccessPolicy(keys, clock, access_events) : application::AccessPolicy()),
          cache_redis(make_cache_redis(config.cache)),
          cache_store_events(logger, metrics),
          cache(make_response_cache(config.cache, clock, cache_redis.get(), cache_store_events)),
          shared_state_events(logger, metrics),
          stores(config.shared_state, config.rate_limits, clock, shared_state_events),
          budgets(stores.budgets()),
          ledger(config.ledger, config.responses.memory_max_bytes, logger),
          metered_ledger(ledger.ledger(), metrics),
          budget_webhook(make_budget_webhook(config.alerts, clock, logger)),
          budget_events(logger, budget_webhook.get()),
          budget_alerts(budget_events, config.alerts.thresholds),
          budget_policy(config.budgets.owned, config.budgets.end_user_defaults),
          transports(make_transports(config, http)),
          resilience_events(logger, metrics),
          router(make_routes(config, transports), model_routing(config), &resilience_events),
          resilience(router, clock, resilience_events),
          model_tiers(router, clock, tiers_of(config), config.tier_strategy),
          metering(budgets, metered_ledger, clock, budget_policy, &budget_alerts),
          caching(*cache, clock, cache_policy_of(config)),
          rate_events(logger, metrics),
          rate_limiting(stores.rate_limits(), clock, config.rate_limits, &rate_events),
          content_guarding(config.guardrails.policies, config.guardrails.kinds),
          complete_chat(resilience, metering, caching, request_policy(config)),
          stream_chat(resilience, metering, caching, request_policy(config)),
          list_models(router, access, config.tiers.empty() ? nullptr : &model_tiers),
          embed(resilience, metering, caching, request_policy(config)),
          complete_text(resilience, metering, request_policy(config)),
          provider_health(router, clock, metering, access),
          list_budgets(budget_policy, budgets, clock, access),
          report_spend(ledger.reports(), access),
          count_tokens(router, clock, access, config.tiers.empty() ? nullptr : &model_tiers),
          stored_responses(ledger.responses(), clock,
                           {.enabled = config.responses.store,
                            .ttl = config.responses.ttl,
                            .max_bytes = config.responses.max_bytes}),
          api({access, complete_chat, stream_chat, list_models, embed, complete_text, provider_health, metering,
               list_budgets, report_spend},
              clock, {&metrics.registry(), config.telemetry.metrics_auth}),
          json_rpc({access, complete_chat, stream_chat, list_models, provider_health, metering, &metrics.registry(),
                    &model_tiers},
                   clock),
          messages({access, complete_chat, stream_chat, metering}, count_tokens, clock),
          responses({access, complete_chat, stream_chat, metering}, stored_responses, clock),
          doors(api, {{"/jsonrpc", &json_rpc},
                      {"/messages", &messages},
                      {"/messages/count_tokens", &messages},
                      {"/responses", &responses, true}}),
          exporter(make_exporter(config.telemetry.tracing, *tracer, clock, logger)),
          server(doors, logger, *tracer,
                 adapters::HttpServerOptions{.max_body_bytes = config.max_body_bytes,
                                             .idle_timeout = config.client_timeouts.idle,
                                             .read_timeout = config.client_timeouts.read,
                                             .write_timeout = config.client_timeouts.write,
                                             .access_log = config.log.access,
                                             .access_sample = config.log.access_sample,
                                             .capture_content_bytes = config.telemetry.capture_content_bytes}),
          telemetry_api(metrics.registry(), access, config.telemetry.metrics_auth) {
        if (config.telemetry.metrics_listen) {
            // Scrapers are not callers: no access lines for them.
            metrics_server = std::make_unique<adapters::HttpServer>(
                telemetry_api, logger, *tracer,
                adapters::HttpServerOptions{.idle_timeout = config.client_timeouts.idle,
                                            .read_timeout = config.client_timeouts.read,
                                            .write_timeout = config.client_timeouts.write,
                                            .access_log = false});
        }
        if (auto* history = ledger.history()) {
            try {
                application::restore_budgets(budget_policy, *history, budgets, clock.now());
            } catch (const LedgerStoreError& failure) {
                throw ConfigError(std::string("ledger: cannot restore the budgets' spend: ") + failure.what());
            }
        }
        metrics.on_scrape([this] { refresh_metrics(); });
    }

    // The gauges whose state lives in the router and the budget store.
    void refresh_metrics() {
        std::map<std::string_view, std::int64_t> calls;  // every provider, idle ones too
        for (const auto& serving : router.deployments()) {
            calls[serving->route.deployment.provider] += serving->health.balancing_view(clock.monotonic()).in_flight;
        }
        for (const auto& [provider, count] : calls) metrics.set_active_requests(provider, count);
        const auto now = clock.now();
        for (const auto& budget : budget_policy.budgets()) {
            const auto standing = budgets.standing(domain::budget_line(budget, now));
            metrics.set_budget_remaining(budget, budget.limit - standing.spent - standing.reserved);
        }
    }
};

Gateway::Gateway(const GatewayConfig& config, observability::Logger& logger) {
    // Provider keys, header values, which may be credentials too (custom
    // auth headers of compatible servers), and the gateway's own keys,
    // before anything can log.
    for (const auto& provider : config.providers) {
        logger.add_secret(provider.api_key);
        for (const auto& [name, value] : provider.headers) logger.add_secret(value);
    }
    for (const auto& key : config.auth.keys) logger.add_secret(key.secret);
    if (config.auth.admin) logger.add_secret(config.auth.admin->secret);
    for (const auto& secret : PostgresLedgerStore::secrets_of(config.ledger.dsn)) logger.add_secret(secret);
    logger.add_secret(config.alerts.webhook_token);
    for (const auto& [name, value] : config.telemetry.tracing.headers) logger.add_secret(value);
    if (config.alerts.webhook_url_secret) logger.add_secret(config.alerts.webhook_url);
    for (const auto* url : {&config.cache.redis_url, &config.shared_state.redis_url}) {
        logger.add_secret(*url);
        if (const auto redis = adapters::redis::parse_redis_url(*url)) logger.add_secret(redis.value().password);
    }
    parts_ = std::make_unique<Parts>(config, logger);
    if (const auto& tracing = config.telemetry.tracing; !tracing.endpoint.empty()) {
        logger.info("tracing_enabled", {{"protocol", tracing.json ? "http/json" : "http/protobuf"},
                                        {"sampler", tracing.sampler},
                                        {"service_name", tracing.service_name}});
    }
    if (!config.auth.enabled) {
        logger.warn("auth_disabled", {{"detail", "no `auth` section: the gateway is open, every caller may use every "
                                                 "model and nothing is attributed to a key; configure auth.keys "
                                                 "before exposing it"}});
    }
}

Gateway::~Gateway() = default;

adapters::HttpServer& Gateway::server() { return parts_->server; }

adapters::HttpServer* Gateway::metrics_server() { return parts_->metrics_server.get(); }

std::string Gateway::model_names() const {
    std::string names;
    for (const auto& entry : parts_->list_models.all()) names += (names.empty() ? "" : ",") + entry.model;
    return names;
}

int run_gateway(const GatewayConfig& config, observability::Logger& logger) {
    // From here on no thread waits for the log: lines go to a writer thread.
    logger.start_writer(config.log.max_queued_lines);
    // The event loops come first so that they are destroyed last, after every
    // object that holds sockets on them (pooled upstream connections).
    const unsigned threads = config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::unique_ptr<asio::io_context>> loops;
    for (unsigned i = 0; i < threads; ++i) loops.push_back(std::make_unique<asio::io_context>(1));

    Gateway gateway(config, logger);
    auto& server = gateway.server();

    tcp::endpoint at(asio::ip::make_address(config.listen_host), config.listen_port);
    try {
        for (auto& loop : loops) at = server.listen(*loop, at);
    } catch (const boost::system::system_error& failure) {
        logger.error("listen_failed", {{"address", config.listen_host + ":" + std::to_string(config.listen_port)},
                                       {"error", failure.code().message()}});
        return 1;
    }

    auto* metrics_server = gateway.metrics_server();
    if (metrics_server) {
        const auto& address = *config.telemetry.metrics_listen;
        try {
            const auto bound = metrics_server->listen(*loops.front(), {asio::ip::make_address(address.host), address.port});
            logger.info("metrics_listening", {{"address", bound.address().to_string() + ":" + std::to_string(bound.port())}});
        } catch (const boost::system::system_error& failure) {
            logger.error("listen_failed", {{"address", address.host + ":" + std::to_string(address.port)},
                                           {"error", failure.code().message()}});
            return 1;
        }
    }

    asio::signal_set signals(*loops.front(), SIGINT, SIGTERM);
    asio::co_spawn(*loops.front(),
                   drain_on_signal(signals, server, metrics_server, loops, config.shutdown_grace, logger),
                   [&logger, &loops](std::exception_ptr failure) {
                       if (!failure) return;
                       logger.error("shutdown_failed");
                       for (auto& loop : loops) loop->stop();
                   });

    asio::signal_set other_signals(*loops.front(), SIGHUP, SIGUSR1, SIGUSR2);
    asio::co_spawn(*loops.front(), log_other_signals(other_signals, logger), [](std::exception_ptr) {});

    logger.info("listening", {{"address", at.address().to_string() + ":" + std::to_string(at.port())},
                              {"threads", std::to_string(threads)},
                              {"config", config.source},
                              {"models", gateway.model_names()}});

    std::vector<std::thread> workers;
    for (std::size_t i = 1; i < loops.size(); ++i) workers.emplace_back([&loop = *loops[i]] { loop.run(); });
    loops.front()->run();
    for (auto& worker : workers) worker.join();
    return 0;
}

}  // namespace llmgw::infrastructure
