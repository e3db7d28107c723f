#pragma once

#include <yaml-cpp/yaml.h>

#include "infrastructure/config/config_reader.hpp"

namespace llmgw::infrastructure::config_reading {

// `ledger` (and `on_ledger_full`, also accepted at the top level) from `root`.
LedgerConfig read_ledger(Reader& reader, const YAML::Node& root, const EnvLookup& env);

}  // namespace llmgw::infrastructure::config_reading
