#pragma once

#include <string>

#include <yaml-cpp/yaml.h>

#include "infrastructure/config/config_reader.hpp"

namespace llmgw::infrastructure::config_reading {

// The `guardrails` map of `node` (the top level, a key, a team, a project
// or a model, at `path`), owned by `owner` in `scope`, added to `into`:
// its patterns and deny-list compiled (RE2) and named among `into.kinds`.
void read_guardrails(Reader& reader, const YAML::Node& node, const std::string& path, domain::PolicyScope scope,
                     const std::string& owner, GuardrailsConfig& into);

// What each scope's entry may configure for itself beyond its own fields:
// rate limits and guardrails.
struct ScopedPolicies {
    std::vector<domain::RateLimit>& rate_limits;
    GuardrailsConfig& guardrails;
};
void read_scoped_policies(Reader& reader, const YAML::Node& node, const std::string& path, domain::PolicyScope scope,
                          const std::string& owner, ScopedPolicies into);

}  // namespace llmgw::infrastructure::config_reading
