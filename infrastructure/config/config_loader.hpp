#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "infrastructure/config/gateway_config.hpp"

namespace llmgw::infrastructure {

// A configuration the gateway cannot start with. The message names the file,
// the position and key, and the problem.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Reads environment variables; injected so that tests need not touch the
// process environment.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;
EnvLookup process_environment();

// Loads and validates a YAML configuration file. Throws ConfigError.
GatewayConfig load_config_file(const std::string& path, const EnvLookup& env);
// The same from YAML text; `source` names it in messages.
GatewayConfig load_config_text(const std::string& yaml, const std::string& source, const EnvLookup& env);

// The configuration without a file: the built-in mock model `mock-echo`, and
// a few OpenAI models when OPENAI_API_KEY is set.
GatewayConfig default_config(const EnvLookup& env);

// Parses "HOST:PORT" (IPv6 as "[::1]:8080") into the config. Throws ConfigError.
void apply_listen(GatewayConfig& config, std::string_view listen, std::string_view where);

}  // namespace llmgw::infrastructure
