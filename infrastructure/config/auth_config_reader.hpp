#pragma once

#include <yaml-cpp/yaml.h>

#include "infrastructure/config/config_reader.hpp"

namespace llmgw::infrastructure::config_reading {

// `auth`, `teams` and `projects` from the top level of `root`.
AuthConfig read_auth(Reader& reader, const YAML::Node& root, const EnvLookup& env);

// Budgets are not enforced by this version: a configuration that sets them
// (under `path`, empty for the top level) must not start and seem protected.
void refuse_budgets(Reader& reader, const YAML::Node& node, const std::string& path);

}  // namespace llmgw::infrastructure::config_reading
