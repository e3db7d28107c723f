#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "infrastructure/config/config_loader.hpp"
#include "infrastructure/config/config_reader.hpp"
#include "infrastructure/config/gateway_config.hpp"

namespace llmgw::infrastructure::config_reading {

// `shared_state:` (kind, url_env, on_down, key_prefix, timeout_ms,
// parallel_lease_s).
SharedStateConfig read_shared_state(Reader& reader, const YAML::Node& node, const EnvLookup& env);

// `kind` (memory or redis) and `url_env` of a store at `path` (cache,
// shared_state): whether it is Redis, with the URL from the environment
// variable `url_env` names. Fails when that is not set: a gateway must not
// start without the Redis it was told to use.
bool read_redis_kind(Reader& reader, const YAML::Node& node, const std::string& path, const EnvLookup& env,
                     std::string& url_env, std::string& redis_url);

}  // namespace llmgw::infrastructure::config_reading
