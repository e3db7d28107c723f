#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "domain/rate_limit.hpp"
#include "infrastructure/config/config_reader.hpp"

namespace llmgw::infrastructure::config_reading {

// The `rate_limits` list and `max_parallel` of `node` (the top level, a
// key, a team, a project or a model, at `path`), each owned by `owner` in
// `scope`, appended to `into` with their places there as slots. Each item
// of the list is a map of windows (`{ rpm: 600, tpm: 200000 }`), each a
// limit of its own: every one must admit a request.
void read_rate_limits(Reader& reader, const YAML::Node& node, const std::string& path, domain::PolicyScope scope,
                      const std::string& owner, std::vector<domain::RateLimit>& into);

}  // namespace llmgw::infrastructure::config_reading
