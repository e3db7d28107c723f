#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/cache.hpp"
#include "domain/budget.hpp"
#include "domain/circuit_breaker.hpp"
#include "domain/load_balancing.hpp"
#include "domain/model_tiers.hpp"
#include "domain/money.hpp"
#include "domain/guardrails/guardrail_policy.hpp"
#include "domain/rate_limit.hpp"
#include "domain/request_limits.hpp"
#include "domain/retry_policy.hpp"
#include "infrastructure/config/listen_address.hpp"

namespace llmgw::infrastructure {

enum class ProviderKind { openai, openai_compatible, anthropic, gemini, mock };

// The kind as the configuration spells it.
constexpr std::string_view to_string(ProviderKind kind) noexcept {
    switch (kind) {
    case ProviderKind::openai: return "openai";
    case ProviderKind::openai_compatible: return "openai_compatible";
    case ProviderKind::anthropic: return "anthropic";
    case ProviderKind::gemini: return "gemini";
    case ProviderKind::mock: return "mock";
    }
    return "mock";
}

// Time limits of calls to a provider's deployments; zero means none.
struct TimeoutsConfig {
    // Connecting (TCP and TLS) and the longest silence on the connection:
    // per provider only, as they belong to its connections.
    std::chrono::milliseconds connect{10'000};
    std::chrono::milliseconds idle{600'000};
    // Per attempt: until a stream's first content, and in all.
    std::chrono::milliseconds first_token{0};
    std::chrono::milliseconds total{0};
    // Per stream, always on: the longest wait for its first content and
    // between contents. Keep-alive comments and pings do not count.
    std::chrono::milliseconds first_content{600'000};
    std::chrono::milliseconds content_gap{300'000};
};

struct ProviderConfig {
    std::string name;
    ProviderKind kind = ProviderKind::mock;
    std::string base_url;
    // The name of the environment variable holding the key; empty for none.
    std::string api_key_env;
    // The key itself, read from that variable at load time. Never logged.
    std::string api_key;
    std::vector<std::pair<std::string, std::string>> headers;
    // The `anthropic-version` header, for kind anthropic.
    std::string anthropic_version = "2023-06-01";
    // `wire_api: responses`, for kinds openai and openai_compatible: chat
    // calls go to the provider's Responses API instead of its chat API.
    bool responses_api = false;
    TimeoutsConfig timeouts;
    // Defaults for the provider's models, which may override them field by field.
    domain::RetryPolicy retry;
    domain::BreakerPolicy circuit_breaker;
};

struct ModelConfig {
    std::string name;
    std::string provider;
    std::string upstream_model;
    domain::Pricing pricing;
    // max_tokens for a request that sets none, where the provider requires
    // one (Anthropic).
    std::int64_t max_tokens_default = 4096;
    // The longest answer the model gives, which budgets reserve for a call
    // that sets no max_tokens; max_tokens_default unless set.
    std::optional<std::int64_t> max_output_tokens;
    // How an Anthropic model thinks when asked for reasoning_effort:
    // "budget" or "adaptive"; empty: known from the model's name.
    std::string thinking;
    // From the provider unless set on the model.
    domain::RetryPolicy retry;
    domain::BreakerPolicy circuit_breaker;
    std::chrono::milliseconds first_token_timeout{0};
    std::chrono::milliseconds total_timeout{0};
    // Share of the model name's traffic when several entries share it.
    int weight = 1;
    // Calls at once to this deployment (0: no limit) and how many may wait.
    std::size_t max_concurrency = 0;
    std::size_t max_queued = 0;
    // Models that serve this name's requests when its deployments cannot.
    std::vector<std::string> fallbacks;
    // `cache: always | never`: cache the name's answers whatever the cache
    // mode says, or never; empty: as the mode says.
    std::string cache;
};

// `cache:`, the gateway's response cache.
struct CacheConfig {
    bool enabled = false;
    // Identical requests in flight share one call; by default when enabled.
    std::optional<bool> coalesce;
    // `mode: always` rather than deterministic (temperature 0 or a seed).
    bool always = false;
    domain::CacheScope scope = domain::CacheScope::team;
    std::chrono::seconds ttl{300};
    std::chrono::seconds max_ttl{86'400};  // the most x-llmgw-cache-ttl may ask
    std::size_t max_entries = 10'000;
    std::size_t max_bytes = 256u << 20;
    // `kind: redis`: entries in Redis, shared by every instance.
    bool redis = false;
    std::string url_env;  // holds redis://[[user]:password@]host[:port][/db]
    std::string redis_url;
    std::string key_prefix = "llmgw:cache:";
    std::chrono::milliseconds lookup_timeout{20};
};

// `shared_state:`, the counters several gateway instances share: rate
// limits and budget reservations.
struct SharedStateConfig {
    // `kind: redis`; else (memory) each instance counts alone.
    bool redis = false;
    std::string url_env;  // holds redis://[[user]:password@]host[:port][/db]
    std::string redis_url;
    // `on_down: reject`: 503 while Redis cannot be reached; else (local)
    // this instance's own counters decide meanwhile.
    bool reject_when_down = false;
    std::string key_prefix = "llmgw:";
    // A decision Redis takes longer for counts as Redis being down.
    std::chrono::milliseconds timeout{100};
    // The lease of a `max_parallel` place in Redis, renewed while its
    // request lasts: an instance that crashed gives nothing back, and its
    // places lapse when their lease ends.
    std::chrono::seconds parallel_lease{600};
};

// One gateway API key of `auth.keys`: who it is, and the SHA-256 of its
// secret (read from `key_env`, or given as `key_sha256`).
struct ApiKeyConfig {
    std::string id;
    std::array<unsigned char, 32> digest{};
    // The secret when it came from the environment, only so that logs can
    // scrub it; never written anywhere.
    std::string secret;
    std::string team;
    std::string project;
    std::string user;
    std::optional<std::vector<std::string>> models;  // glob patterns
    std::optional<std::chrono::system_clock::time_point> expires_at;
    // `cache: {scope, controls}`: the key's own cache scope, and whether its
    // callers' cache headers count.
    std::optional<domain::CacheScope> cache_scope;
    bool cache_controls = true;
};

struct TeamConfig {
    std::string name;
    std::optional<std::vector<std::string>> models;
};

// `auth:`; absent, the gateway is open to every caller.
struct AuthConfig {
    bool enabled = false;
    std::optional<ApiKeyConfig> admin;  // from `admin_key_env`
    std::vector<ApiKeyConfig> keys;
    std::vector<TeamConfig> teams;
    std::vector<std::string> projects;
};

// Every budget of the configuration: those of keys (`auth.keys[].budgets`),
// teams, projects and the whole gateway (top-level `budgets`), each with its
// owner; and `end_user_budget`, which applies to every end user alone.
struct BudgetsConfig {
    std::vector<domain::Budget> owned;
    std::vector<domain::Budget> end_user_defaults;
};

// `ledger:` where every request's row is kept.
struct LedgerConfig {
    enum class Kind { sqlite, postgres, memory } kind = Kind::sqlite;
    std::string path = "./data/llmgw.db";  // sqlite
    std::string dsn_env;                   // postgres: the variable holding the connection string
    std::string dsn;                       // ... read from it at load time; never logged
    std::chrono::milliseconds flush_interval{200};
    std::size_t batch_rows = 500;
    std::size_t queue_rows = 100'000;
    bool drop_when_full = false;  // on_ledger_full: drop (else reject)
};

// `responses:` what the Responses API keeps of the responses its callers
// ask it to store (`store: true`), in the ledger's database.
struct ResponsesConfig {
    bool store = true;
    std::chrono::seconds ttl{std::chrono::hours(24 * 30)};
    std::size_t max_bytes = 8u << 20;          // one response with its conversation
    std::size_t memory_max_bytes = 64u << 20;  // all of them, with `ledger.kind: memory`
};

// `alerts:` the thresholds of every budget, and where crossings go besides
// the log.
struct AlertsConfig {
    std::vector<int> thresholds{50, 80, 100};  // percent of the limit
    // POSTed a CloudEvent per crossing; empty for none. From `webhook_url`,
    // or `webhook_url_env` when the URL holds a secret (it is then scrubbed
    // from logs).
    std::string webhook_url;
    bool webhook_url_secret = false;
    std::string webhook_token;  // from webhook_token_env: Authorization: Bearer
    int webhook_max_attempts = 8;
    std::string source = "/llmgw";  // the events' CloudEvents source
};

// `log:` what the gateway writes to stderr, and how.
struct LogConfig {
    bool text = false;           // `format: text` (logfmt) instead of json
    std::string level = "info";  // debug | info | warn | error; --log-level wins
    bool access = true;          // one `request` line per request
    // The share of successful (status < 400) access lines written, 0-1;
    // failures are always written.
    double access_sample = 1.0;
    // Lines waiting for the writer thread at most; beyond, lines are dropped
    // and counted (llm_log_lines_dropped_total).
    std::size_t max_queued_lines = 65'536;
};

// Puts `entry` in a list of key-value pairs, in place of an entry with the
// same key (later settings win).
template <class Value>
void put(std::vector<std::pair<std::string, Value>>& list, std::pair<std::string, Value> entry) {
    const std::string& key = entry.first;
    std::erase_if(list, [&key](const auto& known) { return known.first == key; });
    list.push_back(std::move(entry));
}

// `telemetry:` traces exported over OTLP/HTTP. Every setting also has its
// OpenTelemetry environment variable (OTEL_EXPORTER_OTLP_ENDPOINT and the
// rest), which overrides the file.
struct TracingConfig {
    // Where spans are POSTed (the full URL, .../v1/traces); empty: tracing
    // is off.
    std::string endpoint;
    bool json = false;  // http/json instead of http/protobuf
    // Sent with every export; the values are secrets (never logged).
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds timeout{10'000};
    // Resource attributes, service.name first.
    std::string service_name = "llm-gateway";
    std::vector<std::pair<std::string, std::string>> resource_attributes;
    std::string sampler = "parentbased_always_on";
    std::string sampler_arg;
    // The batch span processor's (OTEL_BSP_*).
    std::size_t max_queue_size = 2048;
    std::size_t max_export_batch_size = 512;
    std::chrono::milliseconds schedule_delay{5'000};
};

// `telemetry:` how the gateway shows itself.
struct TelemetryConfig {
    // GET /metrics only for the admin key (when `auth` is configured).
    bool metrics_auth = false;
    // A second listener serving only /metrics and /healthz.
    std::optional<ListenAddress> metrics_listen;
    // Message content on the traces (gen_ai.input.messages and
    // gen_ai.output.messages), each attribute at most this many bytes of
    // text; 0: never.
    std::size_t capture_content_bytes = 0;
    TracingConfig tracing;
};

// The content guardrails: each owner's policy (the first one configured
// for it), and the names of the kinds of findings they use by number (the
// built-in entities first, then the operators' patterns and `denied_term`).
struct GuardrailsConfig {
    std::vector<domain::GuardrailPolicy> policies;
    std::vector<std::string> kinds;
};

struct GatewayConfig {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    // Event loops; 0 means one per core.
    unsigned threads = 0;
    std::size_t max_body_bytes = 4 * 1024 * 1024;
    std::chrono::seconds shutdown_grace{10};
    // `client_timeouts:` how long a client may keep a connection idle
    // between requests, take to send one request once begun, and stall one
    // write of the answer.
    struct ClientTimeouts {
        std::chrono::seconds idle{75};
        std::chrono::seconds read{30};
        std::chrono::seconds write{60};
    } client_timeouts;
    CacheConfig cache;
    AuthConfig auth;
    BudgetsConfig budgets;
    // Every rate limit and max_parallel: the whole gateway's (top level),
    // keys', teams', projects' and models', each with its owner; slots are
    // their places here.
    std::vector<domain::RateLimit> rate_limits;
    SharedStateConfig shared_state;
    // Every `guardrails` map, the same way.
    GuardrailsConfig guardrails;
    LedgerConfig ledger;
    ResponsesConfig responses;
    AlertsConfig alerts;
    TelemetryConfig telemetry;
    LogConfig log;
    // `limits:` what one request may ask for, and what one upstream stream
    // may send.
    domain::RequestLimits request_limits;
    std::size_t max_event_bytes = 16 * 1024 * 1024;
    std::size_t max_response_bytes = 64 * 1024 * 1024;
    // How requests spread over the deployments of one model name.
    domain::Balancing load_balancing = domain::Balancing::weighted_round_robin;
    std::vector<ProviderConfig> providers;
    std::vector<ModelConfig> models;
    // `tiers:` tier name -> its models, in configuration order; and how a
    // tier picks one (`tier_strategy`).
    std::vector<std::pair<std::string, std::vector<std::string>>> tiers;
    domain::TierStrategy tier_strategy = domain::TierStrategy::balanced;
    // Where the configuration came from, for messages.
    std::string source = "built-in defaults";
};

}  // namespace llmgw::infrastructure
