#include "infrastructure/config/config_loader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "infrastructure/http/endpoint.hpp"

namespace llmgw::infrastructure {
namespace {

std::string join(std::initializer_list<std::string_view> words) {
    std::string joined;
    for (auto word : words) {
        if (!joined.empty()) joined += ", ";
        joined += word;
    }
    return joined;
}

// Walks the YAML tree, checking every key it reads and rejecting the ones it
// does not know, so that a typo fails start-up instead of being ignored.
class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& problem) const {
        std::ostringstream message;
        message << source_;
        if (node.IsDefined() && node.Mark().line >= 0) {
            message << ':' << node.Mark().line + 1 << ':' << node.Mark().column + 1;
        }
        message << ": " << path << ": " << problem;
        throw ConfigError(message.str());
    }

    void expect_map(const YAML::Node& node, const std::string& path, std::initializer_list<std::string_view> keys) {
        if (!node.IsMap()) fail(node, path, "expected a mapping");
        for (const auto& item : node) {
            const auto key = item.first.as<std::string>();
            if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
                fail(item.first, join_path(path, key), "unknown key (expected one of: " + join(keys) + ")");
            }
        }
    }

    std::string string(const YAML::Node& node, const std::string& path) {
        if (!node.IsScalar()) fail(node, path, "expected a string");
        return node.as<std::string>();
    }

    std::string required_string(const YAML::Node& parent, const std::string& path, const char* key) {
        const auto node = parent[key];
        if (!node) fail(parent, join_path(path, key), "missing required field");
        auto value = string(node, join_path(path, key));
        if (value.empty()) fail(node, join_path(path, key), "must not be empty");
        return value;
    }

    long long integer(const YAML::Node& node, const std::string& path, long long min, long long max) {
        const auto text = string(node, path);
        long long value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || end != text.data() + text.size()) fail(node, path, "expected a whole number");
        if (value < min || value > max) {
            fail(node, path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        }
        return value;
    }

    bool boolean(const YAML::Node& node, const std::string& path) {
        bool value = false;
        if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) fail(node, path, "expected true or false");
        return value;
    }

    // Dollars per million tokens, to whole micro-dollars per million tokens.
    std::int64_t price(const YAML::Node& node, const std::string& path) {
        const auto text = string(node, path);
        double dollars = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), dollars);
        if (ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(dollars) || dollars < 0) {
            fail(node, path, "expected a price in dollars per million tokens, e.g. 0.40");
        }
        return std::llround(dollars * 1'000'000.0);
    }

    static std::string join_path(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }

private:
    std::string source_;
};

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

ProviderConfig read_provider(Reader& reader, const YAML::Node& node, const std::string& path, const EnvLookup& env) {
    reader.expect_map(node, path, {"name", "kind", "base_url", "api_key_env", "headers", "connect_timeout_ms",
                                   "idle_timeout_ms", "anthropic_version"});
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
    if (node["connect_timeout_ms"]) {
        provider.connect_timeout =
            std::chrono::milliseconds(reader.integer(node["connect_timeout_ms"], path + ".connect_timeout_ms", 1, 600'000));
    }
    if (node["idle_timeout_ms"]) {
        provider.idle_timeout =
            std::chrono::milliseconds(reader.integer(node["idle_timeout_ms"], path + ".idle_timeout_ms", 1, 3'600'000));
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
    reader.expect_map(node, path, {"name", "provider", "upstream_model", "pricing", "max_tokens_default"});
    ModelConfig model;
    model.name = reader.required_string(node, path, "name");
    model.provider = reader.required_string(node, path, "provider");
    const bool known = std::any_of(providers.begin(), providers.end(),
                                   [&](const ProviderConfig& p) { return p.name == model.provider; });
    if (!known) reader.fail(node["provider"], path + ".provider", "no provider is named `" + model.provider + "`");
    model.upstream_model =
        node["upstream_model"] ? reader.string(node["upstream_model"], path + ".upstream_model") : model.name;
    if (node["pricing"]) model.pricing = read_pricing(reader, node["pricing"], path + ".pricing");
    if (node["max_tokens_default"]) {
        model.max_tokens_default = reader.integer(node["max_tokens_default"], path + ".max_tokens_default", 1, 1'000'000);
    }
    return model;
}

CacheConfig read_cache(Reader& reader, const YAML::Node& node) {
    reader.expect_map(node, "cache", {"enabled", "ttl_s", "max_entries"});
    CacheConfig cache;
    if (node["enabled"]) cache.enabled = reader.boolean(node["enabled"], "cache.enabled");
    if (node["ttl_s"]) cache.ttl = std::chrono::seconds(reader.integer(node["ttl_s"], "cache.ttl_s", 1, 30 * 86'400));
    if (node["max_entries"]) {
        cache.max_entries = static_cast<std::size_t>(reader.integer(node["max_entries"], "cache.max_entries", 0, 10'000'000));
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
    auto invalid = [&] {
        return ConfigError(std::string(where) + ": listen address `" + std::string(listen) +
                           "` is not HOST:PORT (e.g. 127.0.0.1:8080 or [::1]:8080)");
    };
    const auto colon = listen.rfind(':');
    if (colon == std::string_view::npos || colon == 0) throw invalid();
    auto host = listen.substr(0, colon);
    if (host.front() == '[') {
        if (host.back() != ']') throw invalid();
        host = host.substr(1, host.size() - 2);
    }
    const auto port_text = listen.substr(colon + 1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) throw invalid();
    config.listen_host = std::string(host);
    config.listen_port = static_cast<std::uint16_t>(port);
}

GatewayConfig load_config_text(const std::string& yaml, const std::string& source, const EnvLookup& env) {
    YAML::Node root;
    try {
        root = YAML::Load(yaml);
    } catch (const YAML::Exception& error) {
        throw ConfigError(source + ":" + std::to_string(error.mark.line + 1) + ":" +
                          std::to_string(error.mark.column + 1) + ": not valid YAML: " + error.msg);
    }
    Reader reader(source);
    reader.expect_map(root, "(top level)",
                      {"listen", "threads", "max_body_bytes", "shutdown_grace_s", "cache", "providers", "models"});

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
    if (root["cache"]) config.cache = read_cache(reader, root["cache"]);

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
        config.models.push_back(read_model(reader, models[i], "models[" + std::to_string(i) + "]", config.providers));
    }
    return config;
}

GatewayConfig load_config_file(const std::string& path, const EnvLookup& env) {
    std::ifstream file(path);
    if (!file) throw ConfigError(path + ": cannot read the configuration file: " + std::strerror(errno));
    std::ostringstream text;
    text << file.rdbuf();
    return load_config_text(text.str(), path, env);
}

GatewayConfig default_config(const EnvLookup& env) {
    GatewayConfig config;
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
