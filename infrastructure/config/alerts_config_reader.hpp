#pragma once

#include <yaml-cpp/yaml.h>

#include "infrastructure/config/config_reader.hpp"

namespace llmgw::infrastructure::config_reading {

// `alerts` from `root` (the defaults when absent).
AlertsConfig read_alerts(Reader& reader, const YAML::Node& root, const EnvLookup& env);

}  // namespace llmgw::infrastructure::config_reading
