#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "domain/money.hpp"

namespace llmgw::infrastructure {

enum class ProviderKind { openai, openai_compatible, anthropic, gemini, mock };

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
    std::chrono::milliseconds connect_timeout{10'000};
    std::chrono::milliseconds idle_timeout{600'000};
};

struct ModelConfig {
    std::string name;
    std::string provider;
    std::string upstream_model;
    domain::Pricing pricing;
    // max_tokens for a request that sets none, where the provider requires
    // one (Anthropic).
    std::int64_t max_tokens_default = 4096;
};

struct CacheConfig {
    bool enabled = false;
    std::chrono::seconds ttl{300};
    std::size_t max_entries = 10'000;
};

struct GatewayConfig {
    std::string listen_host = "127.0.0.1";
    std::uint16_t listen_port = 8080;
    // Event loops; 0 means one per core.
    unsigned threads = 0;
    std::size_t max_body_bytes = 4 * 1024 * 1024;
    std::chrono::seconds shutdown_grace{10};
    CacheConfig cache;
    std::vector<ProviderConfig> providers;
    std::vector<ModelConfig> models;
    // Where the configuration came from, for messages.
    std::string source = "built-in defaults";
};

}  // namespace llmgw::infrastructure
