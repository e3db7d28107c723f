#pragma once

#include <yaml-cpp/yaml.h>

#include "infrastructure/config/config_reader.hpp"
#include "infrastructure/config/guardrails_config_reader.hpp"

namespace llmgw::infrastructure::config_reading {

// `auth`, `teams` and `projects` from the top level of `root`; the budgets
// of keys, teams and projects go to `budgets`, their rate limits and
// guardrails to `policies`.
AuthConfig read_auth(Reader& reader, const YAML::Node& root, const EnvLookup& env, BudgetsConfig& budgets,
                     ScopedPolicies policies);

// `node`'s `budgets` list (at `path`), each owned by `owner` in `scope`.
void read_budgets(Reader& reader, const YAML::Node& node, const std::string& path, domain::BudgetScope scope,
                  const std::string& owner, std::vector<domain::Budget>& into);

}  // namespace llmgw::infrastructure::config_reading
