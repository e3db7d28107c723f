#include "infrastructure/config/config_loader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "infrastructure/config/alerts_config_reader.hpp"
#include "infrastructure/config/telemetry_config_reader.hpp"
#include "infrastructure/config/auth_config_reader.hpp"
#include "infrastructure/config/config_reader.hpp"
#include "infrastructure/config/ledger_config_reader.hpp"
#include "infrastructure/config/listen_address.hpp"
#include "infrastructure/config/guardrails_config_reader.hpp"
#include "infrastructure/config/shared_state_config_reader.hpp"
#include "infrastructure/http/endpoint.hpp"

namespace llmgw::infrastructure {
namespace {

using config_reading::Reader;
using config_reading::join;

ProviderKind provider_kind(Reader& reader, const YAML::Node& node, const std::string& path) {
    const auto text = reader.string(node, path);
    if (text == "openai") return ProviderKind::openai;
    if (text == "openai_compatible") return ProviderKind::openai_compatible;
    if (text == "anthropic") return ProviderKind::anthropic;
    if (text == "gemini") return ProviderKind::gemini;
    if (text == "mock") return ProviderKind::mock;
    reader.fail(node, path, "unknown provider kind `" + text + "` (expected one of: openai, openai_compatible, "
                            "anthropic, gemini, mock)");
}

std::string default_base_url(ProviderKind kind) {
    switch (kind) {
    case ProviderKind::openai: return "https://api.openai.com/v1";
    case ProviderKind::anthropic: return "https://api.anthropic.com";
    case ProviderKind::gemini: return "https://generativelanguage.googleapis.com/v1beta";
    case ProviderKind::openai_compatible:
    case ProviderKind::mock: return {};
    }
    return {};
}

std::chrono::milliseconds milliseconds(Reader& reader, const YAML::Node& node, const std::string& path, long long min,
                                       long long max) {
    return std::chrono::milliseconds(reader.integer(node, path, min, max));
}

// A retry block; the keys it leaves out keep their values from `start` (the
// provider's, for a model).
domain::RetryPolicy read_retry(Reader& reader, const YAML::Node& node, const std::string& path,
                               domain::RetryPolicy start) {
    reader.expect_map(node, path, {"max_attempts", "backoff", "base_ms", "max_ms", "max_retry_after_ms"});
    auto retry = start;
    if (node["max_attempts"]) retry.max_attempts = static_cast<int>(reader.integer(node["max_attempts"], path + ".max_attempts", 1, 10));
    if (node["backoff"]) {
        const auto name = reader.string(node["backoff"], path + ".backoff");
        const auto backoff = domain::backoff_from(name);
        if (!backoff) reader.fail(node["backoff"], path + ".backoff", "unknown backoff `" + name + "` (expected one of: exponential, linear, fibonacci)");
        retry.backoff = *backoff;
    }
    if (node["base_ms"]) retry.base = milliseconds(reader, node["base_ms"], path + ".base_ms", 0, 600'000);
    if (node["max_ms"]) retry.max = milliseconds(reader, node["max_ms"], path + ".max_ms", 0, 600'000);
    if (node["max_retry_after_ms"]) {
        retry.max_retry_after = milliseconds(reader, node["max_retry_after_ms"], path + ".max_retry_after_ms", 0, 3'600'000);
    }
    return retry;
}

domain::BreakerPolicy read_circuit_breaker(Reader& reader, const YAML::Node& node, const std::string& path,
                                           domain::BreakerPolicy start) {
    reader.expect_map(node, path, {"failure_threshold", "failure_rate_percent", "window_s", "min_requests", "cooldown_s",
                                   "half_open_probes"});
    auto breaker = start;
    if (node["failure_threshold"]) {
        breaker.failure_threshold = static_cast<int>(reader.integer(node["failure_threshold"], path + ".failure_threshold", 0, 1'000'000));
    }
    if (node["failure_rate_percent"]) {
        const auto percent = reader.integer(node["failure_rate_percent"], path + ".failure_rate_percent", 0, 100);
        breaker.failure_rate = static_cast<double>(percent) / 100.0;
    }
    if (node["window_s"]) breaker.window = std::chrono::seconds(reader.integer(node["window_s"], path + ".window_s", 1, 86'400));
    if (node["min_requests"]) {
        breaker.min_requests = static_cast<int>(reader.integer(node["min_requests"], path + ".min_requests", 1, 1'000'000));
    }
    if (node["cooldown_s"]) breaker.cooldown = std::chrono::seconds(reader.integer(node["cooldown_s"], path + ".cooldown_s", 1, 86'400));
    if (node["half_open_probes"]) {
        breaker.half_open_probes = static_cast<int>(reader.integer(node["half_open_probes"], path + ".half_open_probes", 1, 1000));
    }
    return breaker;
}

// The per-attempt limits, shared by providers and models.
void read_attempt_timeouts(Reader& reader, const YAML::Node& node, const std::string& path,
                           std::chrono::milliseconds& first_token, std::chrono::milliseconds& total) {
    if (node["first_token_ms"]) first_token = milliseconds(reader, node["first_token_ms"], path + ".first_token_ms", 0, 3'600'000);
    if (node["total_ms"]) total = milliseconds(reader, node["total_ms"], path + ".total_ms", 0, 3'600'000);
}

TimeoutsConfig read_provider_timeouts(Reader& reader, const YAML::Node& node, const std::string& path) {
    reader.expect_map(node, path, {"connect_ms", "idle_ms", "first_token_ms", "total_ms", "first_content_ms",
                                   "content_gap_ms"});
    TimeoutsConfig timeouts;
    if (node["connect_ms"]) timeouts.connect = milliseconds(reader, node["connect_ms"], path + ".connect_ms", 1, 600'000);
    if (node["idle_ms"]) timeouts.idle = milliseconds(reader, node["idle_ms"], path + ".idle_ms", 1, 3'600'000);
    if (node["first_content_ms"]) {
        timeouts.first_content = milliseconds(reader, node["first_content_ms"], path + ".first_content_ms", 1, 3'600'000);
    }
    if (node["content_gap_ms"]) {
        timeouts.content_gap = milliseconds(reader, node["content_gap_ms"], path + ".content_gap_ms", 1, 3'600'000);
    }
    read_attempt_timeouts(reader, node, path, timeouts.first_token, timeouts.total);
    return timeouts;
}

ProviderConfig read_provider(Reader& reader, const YAML::Node& node, const std::string& path, const EnvLookup& env) {
    reader.expect_map(node, path, {"name", "kind", "base_url", "api_key_env", "headers", "timeouts", "retry",
                                   "circuit_breaker", "anthropic_version", "wire_api"});
    ProviderConfig provider;
    provider.name = reader.required_string(node, path, "name");
    if (!node["kind"]) reader.fail(node, path + ".kind", "missing required field");
    provider.kind = provider_kind(reader, node["kind"], path + ".kind");
    provider.base_url = node["base_url"] ? reader.string(node["base_url"], path + ".base_url")
                                         : default_base_url(provider.kind);
    if (provider.kind != ProviderKind::mock) {
        if (provider.base_url.empty()) reader.fail(node, path + ".base_url", "missing required field");
        if (auto endpoint = parse_endpoint(provider.base_url); !endpoint) {
            reader.fail(node["base_url"], path + ".base_url", endpoint.error().message);
        }
    }
    if (node["api_key_env"]) {
        provider.api_key_env = reader.string(node["api_key_env"], path + ".api_key_env");
        auto key = env(provider.api_key_env);
        if (!key || key->empty()) {
            reader.fail(node["api_key_env"], path + ".api_key_env",
                        "the environment variable " + provider.api_key_env + " is not set");
        }
        provider.api_key = std::move(*key);
    }
    if (const auto headers = node["headers"]) {
        if (!headers.IsMap()) reader.fail(headers, path + ".headers", "expected a mapping of header names to values");
        for (const auto& header : headers) {
            const auto name = header.first.as<std::string>();
            provider.headers.emplace_back(name, reader.string(header.second, path + ".headers." + name));
        }
    }
    if (node["anthropic_version"]) {
        if (provider.kind != ProviderKind::anthropic) {
            reader.fail(node["anthropic_version"], path + ".anthropic_version", "only for providers of kind anthropic");
        }
        provider.anthropic_version = reader.string(node["anthropic_version"], path + ".anthropic_version");
    }
    if (const auto wire_api = node["wire_api"]) {
        if (provider.kind != ProviderKind::openai && provider.kind != ProviderKind::openai_compatible) {
            reader.fail(wire_api, path + ".wire_api", "only for providers of kind openai or openai_compatible");
        }
        const auto name = reader.string(wire_api, path + ".wire_api");
        if (name != "chat" && name != "responses") {
            reader.fail(wire_api, path + ".wire_api", "unknown wire API `" + name + "` (expected chat or responses)");
        }
        provider.responses_api = name == "responses";
    }
    if (node["timeouts"]) provider.timeouts = read_provider_timeouts(reader, node["timeouts"], path + ".timeouts");
    if (node["retry"]) provider.retry = read_retry(reader, node["retry"], path + ".retry", provider.retry);
    if (node["circuit_breaker"]) {
        provider.circuit_breaker =
            read_circuit_breaker(reader, node["circuit_breaker"], path + ".circuit_breaker", provider.circuit_breaker);
    }
    return provider;
}

domain::Pricing read_pricing(Reader& reader, const YAML::Node& node, const std::string& path) {
    reader.expect_map(node, path, {"input_per_mtok", "output_per_mtok", "cached_input_per_mtok",
                                   "cache_write_input_per_mtok"});
    domain::Pricing pricing;
    for (const char* key : {"input_per_mtok", "output_per_mtok"}) {
        if (!node[key]) reader.fail(node, path + "." + key, "missing required field");
    }
    pricing.input_per_mtok = reader.price(node["input_per_mtok"], path + ".input_per_mtok");
    pricing.output_per_mtok = reader.price(node["output_per_mtok"], path + ".output_per_mtok");
    pricing.cached_input_per_mtok = node["cached_input_per_mtok"]
                                        ? reader.price(node["cached_input_per_mtok"], path + ".cached_input_per_mtok")
                                        : pricing.input_per_mtok;
    pricing.cache_write_input_per_mtok =
        node["cache_write_input_per_mtok"]
            ? reader.price(node["cache_write_input_per_mtok"], path + ".cache_write_input_per_mtok")
            : pricing.input_per_mtok;
    return pricing;
}

ModelConfig read_model(Reader& reader, const YAML::Node& node, const std::string& path,
                       const std::vector<ProviderConfig>& providers) {
    reader.expect_map(node, path, {"name", "provider", "upstream_model", "pricing", "max_tokens_default", "max_output_tokens", "retry",
                                   "circuit_breaker", "timeouts", "weight", "max_concurrency", "max_queued",
                                   "fallbacks", "thinking", "cache", "rate_limits", "max_parallel", "guardrails"});
    ModelConfig model;
    model.name = reader.required_string(node, path, "name");
    model.provider = reader.required_string(node, path, "provider");
    const auto provider = std::find_if(providers.begin(), providers.end(),
                                       [&](const ProviderConfig& p) { return p.name == model.provider; });
    if (provider == providers.end()) {
        reader.fail(node["provider"], path + ".provider", "no provider is named `" + model.provider + "`");
    }
    model.retry = node["retry"] ? read_retry(reader, node["retry"], path + ".retry", provider->retry) : provider->retry;
    model.circuit_breaker = node["circuit_breaker"] ? read_circuit_breaker(reader, node["circuit_breaker"],
                                                                           path + ".circuit_breaker",
                                                                           provider->circuit_breaker)
                                                    : provider->circuit_breaker;
    model.first_token_timeout = provider->timeouts.first_token;
    model.total_timeout = provider->timeouts.total;
    if (const auto timeouts = node["timeouts"]) {
        reader.expect_map(timeouts, path + ".timeouts", {"first_token_ms", "total_ms"});
        read_attempt_timeouts(reader, timeouts, path + ".timeouts", model.first_token_timeout, model.total_timeout);
    }
    if (node["weight"]) model.weight = static_cast<int>(reader.integer(node["weight"], path + ".weight", 1, 1000));
    if (node["max_concurrency"]) {
        model.max_concurrency = static_cast<std::size_t>(reader.integer(node["max_concurrency"], path + ".max_concurrency", 0, 1'000'000));
    }
    // By default as many may wait as may run.
    model.max_queued = model.max_concurrency;
    if (node["max_queued"]) {
        model.max_queued = static_cast<std::size_t>(reader.integer(node["max_queued"], path + ".max_queued", 0, 1'000'000));
    }
    if (const auto fallbacks = node["fallbacks"]) {
        if (!fallbacks.IsSequence()) reader.fail(fallbacks, path + ".fallbacks", "expected a list of model names");
        for (std::size_t i = 0; i < fallbacks.size(); ++i) {
            model.fallbacks.push_back(reader.string(fallbacks[i], path + ".fallbacks[" + std::to_string(i) + "]"));
        }
    }
    model.upstream_model =
        node["upstream_model"] ? reader.string(node["upstream_model"], path + ".upstream_model") : model.name;
    if (node["pricing"]) model.pricing = read_pricing(reader, node["pricing"], path + ".pricing");
    if (node["max_tokens_default"]) {
        model.max_tokens_default = reader.integer(node["max_tokens_default"], path + ".max_tokens_default", 1, 1'000'000);
    }
    if (node["max_output_tokens"]) {
        model.max_output_tokens = reader.integer(node["max_output_tokens"], path + ".max_output_tokens", 1, 10'000'000);
    }
    if (const auto cache = node["cache"]) {
        model.cache = reader.string(cache, path + ".cache");
        if (model.cache != "always" && model.cache != "never") {
            reader.fail(cache, path + ".cache", "unknown cache rule `" + model.cache + "` (expected always or never)");
        }
    }
    if (const auto thinking = node["thinking"]) {
        model.thinking = reader.string(thinking, path + ".thinking");
        if (provider->kind != ProviderKind::anthropic) {
            reader.fail(thinking, path + ".thinking", "only Anthropic models take `thinking`");
        }
        if (model.thinking != "budget" && model.thinking != "adaptive") {
            reader.fail(thinking, path + ".thinking", "unknown thinking `" + model.thinking + "` (expected budget or adaptive)");
        }
    }
    return model;
}

void read_limits(Reader& reader, const YAML::Node& node, GatewayConfig& config) {
    reader.expect_map(node, "limits", {"max_messages", "max_tools", "max_stop_sequences", "max_choices",
                                       "max_output_tokens", "max_embedding_inputs", "max_embedding_dimensions",
                                       "max_event_bytes", "max_response_bytes"});
    auto& limits = config.request_limits;
    auto count = [&](const char* key, auto& field, long long max) {
        if (node[key]) field = static_cast<std::decay_t<decltype(field)>>(reader.integer(node[key], std::string("limits.") + key, 1, max));
    };
    count("max_messages", limits.max_messages, 1'000'000);
    count("max_tools", limits.max_tools, 10'000);
    count("max_stop_sequences", limits.max_stop_sequences, 1'000);
    count("max_choices", limits.max_choices, 1'000);
    count("max_output_tokens", limits.max_output_tokens, 100'000'000);
    count("max_embedding_inputs", limits.max_embedding_inputs, 100'000);
    count("max_embedding_dimensions", limits.max_embedding_dimensions, 65'536);
    count("max_event_bytes", config.max_event_bytes, 1LL << 30);
    count("max_response_bytes", config.max_response_bytes, 1LL << 32);
}

CacheConfig read_cache(Reader& reader, const YAML::Node& node, const EnvLookup& env) {
    reader.expect_map(node, "cache",
                      {"enabled", "coalesce", "mode", "scope", "ttl_s", "max_ttl_s", "max_entries", "max_bytes", "kind",
                       "url_env", "key_prefix", "lookup_timeout_ms"});
    CacheConfig cache;
    if (node["enabled"]) cache.enabled = reader.boolean(node["enabled"], "cache.enabled");
    if (node["coalesce"]) cache.coalesce = reader.boolean(node["coalesce"], "cache.coalesce");
    if (node["mode"]) {
        const auto mode = reader.string(node["mode"], "cache.mode");
        if (mode != "deterministic" && mode != "always") {
            reader.fail(node["mode"], "cache.mode", "unknown mode `" + mode + "` (expected deterministic or always)");
        }
        cache.always = mode == "always";
    }
    if (node["scope"]) cache.scope = reader.cache_scope(node["scope"], "cache.scope");
    if (node["ttl_s"]) cache.ttl = std::chrono::seconds(reader.integer(node["ttl_s"], "cache.ttl_s", 1, 30 * 86'400));
    if (node["max_ttl_s"]) {
        cache.max_ttl = std::chrono::seconds(reader.integer(node["max_ttl_s"], "cache.max_ttl_s", 1, 30 * 86'400));
    }
    if (node["max_entries"]) {
        cache.max_entries = static_cast<std::size_t>(reader.integer(node["max_entries"], "cache.max_entries", 0, 10'000'000));
    }
    if (node["max_bytes"]) {
        cache.max_bytes = static_cast<std::size_t>(
            reader.integer(node["max_bytes"], "cache.max_bytes", 1 << 20, std::int64_t{1} << 40));
    }
    cache.redis = config_reading::read_redis_kind(reader, node, "cache", env, cache.url_env, cache.redis_url);
    if (node["key_prefix"]) cache.key_prefix = reader.string(node["key_prefix"], "cache.key_prefix");
    if (node["lookup_timeout_ms"]) {
        cache.lookup_timeout =
            std::chrono::milliseconds(reader.integer(node["lookup_timeout_ms"], "cache.lookup_timeout_ms", 1, 10'000));
    }
    return cache;
}

}  // namespace

EnvLookup process_environment() {
    return [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (!value) return std::nullopt;
        return std::string(value);
    };
}

void apply_listen(GatewayConfig& config, std::string_view listen, std::string_view where) {
    auto address = parse_listen_address(listen, where);
    config.listen_host = std::move(address.host);
    config.listen_port = address.port;
}

namespace {

GatewayConfig read_config(const YAML::Node& root, const std::string& source, const EnvLookup& env);

}  // namespace

GatewayConfig load_config_text(const std::string& yaml, const std::string& source, const EnvLookup& env) {
    // Whatever yaml-cpp throws (while parsing, or while a value is read) is
    // a bad file, never a crash: it becomes a ConfigError at its position.
    try {
        return read_config(YAML::Load(yaml), source, env);
    } catch (const YAML::Exception& error) {
        throw ConfigError(source + ":" + std::to_string(error.mark.line + 1) + ":" +
                          std::to_string(error.mark.column + 1) + ": not valid YAML: " + error.msg);
    }
}

namespace {

LogConfig read_log(Reader& reader, const YAML::Node& node) {
    reader.expect_map(node, "log", {"format", "level", "access", "access_sample", "max_queued_lines"});
    LogConfig log;
    if (node["format"]) {
        const auto format = reader.string(node["format"], "log.format");
        if (format != "json" && format != "text") reader.fail(node["format"], "log.format", "expected json or text");
        log.text = format == "text";
    }
    if (node["level"]) {
        log.level = reader.string(node["level"], "log.level");
        if (log.level != "debug" && log.level != "info" && log.level != "warn" && log.level != "error") {
            reader.fail(node["level"], "log.level", "expected debug, info, warn or error");
        }
    }
    if (node["access"]) log.access = reader.boolean(node["access"], "log.access");
    if (node["access_sample"]) {
        const auto permille =
            config_reading::decimal_fixed(reader.string(node["access_sample"], "log.access_sample"), 3, 1);
        if (!permille || *permille > 1000) reader.fail(node["access_sample"], "log.access_sample", "expected a share from 0 to 1");
        log.access_sample = static_cast<double>(*permille) / 1000.0;
    }
    if (node["max_queued_lines"]) {
        log.max_queued_lines = static_cast<std::size_t>(
            reader.integer(node["max_queued_lines"], "log.max_queued_lines", 16, 10'000'000));
    }
    return log;
}

// `tiers: {fast: [model, ...], ...}` over the models already read, and
// `tier_strategy`.
void read_tiers(Reader& reader, const YAML::Node& root, GatewayConfig& config) {
    if (const auto strategy = root["tier_strategy"]) {
        const auto name = reader.string(strategy, "tier_strategy");
        const auto parsed = domain::tier_strategy_from(name);
        if (!parsed) reader.fail(strategy, "tier_strategy", "unknown strategy `" + name + "` (expected cost, latency or balanced)");
        config.tier_strategy = *parsed;
    }
    const auto tiers = root["tiers"];
    if (!tiers) return;
    if (!tiers.IsMap()) reader.fail(tiers, "tiers", "expected a map of tier names to lists of models");
    for (const auto& tier : tiers) {
        const auto name = reader.string(tier.first, "tiers");
        const auto path = "tiers." + name;
        if (!tier.second.IsSequence() || tier.second.size() == 0) reader.fail(tier.second, path, "expected a non-empty list of models");
        std::vector<std::string> members;
        for (std::size_t i = 0; i < tier.second.size(); ++i) {
            const auto member_path = path + "[" + std::to_string(i) + "]";
            auto model = reader.string(tier.second[i], member_path);
            const bool known = std::any_of(config.models.begin(), config.models.end(),
                                           [&](const ModelConfig& other) { return other.name == model; });
            if (!known) reader.fail(tier.second[i], member_path, "no model is named `" + model + "`");
            members.push_back(std::move(model));
        }
        config.tiers.emplace_back(name, std::move(members));
    }
}

ResponsesConfig read_responses(Reader& reader, const YAML::Node& node) {
    reader.expect_map(node, "responses", {"store", "ttl_s", "max_bytes", "memory_max_bytes"});
    ResponsesConfig responses;
    if (node["store"]) responses.store = reader.boolean(node["store"], "responses.store");
    if (node["ttl_s"]) {
        responses.ttl = std::chrono::seconds(reader.integer(node["ttl_s"], "responses.ttl_s", 60, 365 * 86'400));
    }
    if (node["max_bytes"]) {
        responses.max_bytes =
            static_cast<std::size_t>(reader.integer(node["max_bytes"], "responses.max_bytes", 1024, 1LL << 30));
    }
    if (node["memory_max_bytes"]) {
        responses.memory_max_bytes = static_cast<std::size_t>(
            reader.integer(node["memory_max_bytes"], "responses.memory_max_bytes", 1LL << 20, 1LL << 34));
    }
    return responses;
}

GatewayConfig read_config(const YAML::Node& root, const std::string& source, const EnvLookup& env) {
    Reader reader(source);
    reader.expect_map(root, "(top level)",
                      {"listen", "threads", "max_body_bytes", "shutdown_grace_s", "client_timeouts", "limits",
                       "cache", "load_balancing", "providers", "models", "auth", "teams", "projects", "budgets",
                       "end_user_budget", "rate_limits", "max_parallel", "shared_state", "guardrails", "ledger", "on_ledger_full", "alerts",
                       "telemetry", "log", "tiers", "tier_strategy", "responses"});

    GatewayConfig config;
    config.source = source;
    if (root["listen"]) {
        apply_listen(config, reader.string(root["listen"], "listen"), source + ": listen");
    }
    if (root["threads"]) config.threads = static_cast<unsigned>(reader.integer(root["threads"], "threads", 0, 256));
    if (root["max_body_bytes"]) {
        config.max_body_bytes =
            static_cast<std::size_t>(reader.integer(root["max_body_bytes"], "max_body_bytes", 1024, 1LL << 30));
    }
    if (root["shutdown_grace_s"]) {
        config.shutdown_grace = std::chrono::seconds(reader.integer(root["shutdown_grace_s"], "shutdown_grace_s", 0, 3600));
    }
    if (const auto timeouts = root["client_timeouts"]) {
        reader.expect_map(timeouts, "client_timeouts", {"idle_s", "read_s", "write_s"});
        auto& client = config.client_timeouts;
        for (auto [key, field] : {std::pair{"idle_s", &client.idle}, {"read_s", &client.read}, {"write_s", &client.write}}) {
            if (timeouts[key]) *field = std::chrono::seconds(reader.integer(timeouts[key], std::string("client_timeouts.") + key, 1, 3600));
        }
    }
    if (root["limits"]) read_limits(reader, root["limits"], config);
    if (root["cache"]) config.cache = read_cache(reader, root["cache"], env);
    if (root["shared_state"]) config.shared_state = config_reading::read_shared_state(reader, root["shared_state"], env);
    const config_reading::ScopedPolicies policies{config.rate_limits, config.guardrails};
    config.auth = config_reading::read_auth(reader, root, env, config.budgets, policies);
    config_reading::read_scoped_policies(reader, root, "", domain::PolicyScope::global, {}, policies);
    config_reading::read_budgets(reader, root["budgets"], "budgets", domain::BudgetScope::global, {},
                                 config.budgets.owned);
    if (const auto end_user = root["end_user_budget"]) {
        // One budget or a list of them, each for every end user alone.
        auto list = end_user.IsMap() ? YAML::Node(YAML::NodeType::Sequence) : end_user;
        if (end_user.IsMap()) list.push_back(end_user);
        config_reading::read_budgets(reader, list, "end_user_budget", domain::BudgetScope::end_user, {},
                                     config.budgets.end_user_defaults);
    }
    config.ledger = config_reading::read_ledger(reader, root, env);
    if (root["responses"]) config.responses = read_responses(reader, root["responses"]);
    config.alerts = config_reading::read_alerts(reader, root, env);
    config.telemetry = config_reading::read_telemetry(reader, root, env);
    if (const auto log = root["log"]) config.log = read_log(reader, log);
    if (root["load_balancing"]) {
        const auto name = reader.string(root["load_balancing"], "load_balancing");
        const auto balancing = domain::balancing_from(name);
        if (!balancing) {
            reader.fail(root["load_balancing"], "load_balancing",
                        "unknown strategy `" + name + "` (expected one of: weighted_round_robin, least_in_flight, "
                                                      "lowest_latency)");
        }
        config.load_balancing = *balancing;
    }

    const auto providers = root["providers"];
    if (!providers || !providers.IsSequence() || providers.size() == 0) {
        reader.fail(providers ? providers : root, "providers", "expected a non-empty list of providers");
    }
    for (std::size_t i = 0; i < providers.size(); ++i) {
        const auto path = "providers[" + std::to_string(i) + "]";
        auto provider = read_provider(reader, providers[i], path, env);
        for (const auto& other : config.providers) {
            if (other.name == provider.name) reader.fail(providers[i]["name"], path + ".name", "duplicate provider name");
        }
        config.providers.push_back(std::move(provider));
    }

    const auto models = root["models"];
    if (!models || !models.IsSequence() || models.size() == 0) {
        reader.fail(models ? models : root, "models", "expected a non-empty list of models");
    }
    for (std::size_t i = 0; i < models.size(); ++i) {
        const auto path = "models[" + std::to_string(i) + "]";
        auto model = read_model(reader, models[i], path, config.providers);
        // A model's limits are the name's, whichever of its deployments serves.
        const auto same_name = [&](const ModelConfig& other) { return other.name == model.name; };
        const bool first = std::none_of(config.models.begin(), config.models.end(), same_name);
        if (!first && (models[i]["rate_limits"] || models[i]["max_parallel"] || models[i]["guardrails"])) {
            reader.fail(models[i], path, "rate_limits, max_parallel and guardrails of model `" + model.name +
                                             "` belong on its first entry only");
        }
        config_reading::read_scoped_policies(reader, models[i], path, domain::PolicyScope::model, model.name, policies);
        config.models.push_back(std::move(model));
    }
    for (std::size_t i = 0; i < config.models.size(); ++i) {
        const auto& model = config.models[i];
        for (std::size_t j = 0; j < model.fallbacks.size(); ++j) {
            const auto& fallback = model.fallbacks[j];
            const auto path = "models[" + std::to_string(i) + "].fallbacks[" + std::to_string(j) + "]";
            const auto node = models[i]["fallbacks"][j];
            if (fallback == model.name) reader.fail(node, path, "a model cannot fall back on itself");
            const bool known = std::any_of(config.models.begin(), config.models.end(),
                                           [&](const ModelConfig& other) { return other.name == fallback; });
            if (!known) reader.fail(node, path, "no model is named `" + fallback + "`");
        }
        // The provider's translator keys what it needs by upstream model,
        // and the cache its rule by model name.
        for (std::size_t j = 0; j < i; ++j) {
            const auto& other = config.models[j];
            if (other.name == model.name && other.cache != model.cache) {
                reader.fail(models[i], "models[" + std::to_string(i) + "]",
                            "models[" + std::to_string(j) + "] has the same name but another cache rule; entries of "
                            "one model name must agree on it");
            }
            if (other.provider != model.provider || other.upstream_model != model.upstream_model) continue;
            if (other.thinking != model.thinking || other.max_tokens_default != model.max_tokens_default) {
                reader.fail(models[i], "models[" + std::to_string(i) + "]",
                            "models[" + std::to_string(j) + "] has the same provider and upstream_model but another "
                            "thinking or max_tokens_default; entries of one upstream model must agree on them");
            }
        }
    }
    read_tiers(reader, root, config);
    return config;
}

}  // namespace

GatewayConfig load_config_file(const std::string& path, const EnvLookup& env) {
    std::ifstream file(path);
    if (!file) throw ConfigError(path + ": cannot read the configuration file: " + std::strerror(errno));
    std::ostringstream text;
    text << file.rdbuf();
    return load_config_text(text.str(), path, env);
}

GatewayConfig default_config(const EnvLookup& env) {
    GatewayConfig config;
    config_reading::Reader environment("environment");
    config.telemetry = config_reading::read_telemetry(environment, YAML::Node(), env);
    config.providers.push_back(ProviderConfig{.name = "mock", .kind = ProviderKind::mock});
    config.models.push_back(ModelConfig{.name = "mock-echo", .provider = "mock", .upstream_model = "mock-echo"});

    auto key = env("OPENAI_API_KEY");
    if (!key || key->empty()) return config;
    config.source = "built-in defaults with OPENAI_API_KEY";
    config.providers.push_back(ProviderConfig{.name = "openai",
                                              .kind = ProviderKind::openai,
                                              .base_url = default_base_url(ProviderKind::openai),
                                              .api_key_env = "OPENAI_API_KEY",
                                              .api_key = std::move(*key)});
    // List prices in dollars per million tokens: input, cached input, output.
    struct Listed {
        const char* name;
        double input, cached, output;
    };
    for (const Listed& m : {Listed{"gpt-4.1", 2.00, 0.50, 8.00}, Listed{"gpt-4.1-mini", 0.40, 0.10, 1.60},
                            Listed{"gpt-4.1-nano", 0.10, 0.025, 0.40}, Listed{"gpt-4o", 2.50, 1.25, 10.00},
                            Listed{"gpt-4o-mini", 0.15, 0.075, 0.60}}) {
        auto micros = [](double dollars) { return std::llround(dollars * 1'000'000.0); };
        config.models.push_back(ModelConfig{
            .name = m.name,
            .provider = "openai",
            .upstream_model = m.name,
            .pricing = {.input_per_mtok = micros(m.input), .output_per_mtok = micros(m.output),
                        .cached_input_per_mtok = micros(m.cached), .cache_write_input_per_mtok = micros(m.input)}});
    }
    return config;
}

}  // namespace llmgw::infrastructure
