#pragma once

#include <string_view>

namespace llmgw::domain {

// Whom a policy (a rate limit, a guardrail) is configured for: the whole
// gateway, or one key, team, project or model, named by its owner.
enum class PolicyScope { global, key, team, project, model };

std::string_view to_string(PolicyScope scope) noexcept;

}  // namespace llmgw::domain
