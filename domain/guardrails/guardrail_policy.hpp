#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/guardrails/finding.hpp"
#include "domain/guardrails/finding_count.hpp"
#include "domain/policy_scope.hpp"
#include "domain/ports/text_matcher.hpp"

namespace llmgw::domain {

// One operator-defined kind a guardrail looks for.
struct GuardPattern {
    FindingKind kind = 0;
    std::shared_ptr<const TextMatcher> matcher;
};

// The guardrails configured for one owner (the whole gateway, a key, team,
// project or model).
struct GuardrailPolicy {
    PolicyScope scope = PolicyScope::global;
    std::string owner;
    GuardMode mode = GuardMode::redact;
    GuardDirection direction = GuardDirection::input;
    EntitySet entities = EntitySet{}.set();  // the built-in ones it looks for
    std::vector<GuardPattern> patterns;       // `patterns` and `deny`
    // Whether the caller's values go back into the answer in place of their
    // placeholders; unset leaves it to a less specific policy (default no).
    std::optional<bool> restore;

    bool looks_at(bool output) const noexcept {
        return direction == GuardDirection::both || (direction == GuardDirection::output) == output;
    }
    bool looks_for(FindingKind kind) const noexcept {
        if (kind < builtin_entity_count) return entities[kind];
        for (const auto& pattern : patterns) {
            if (pattern.kind == kind) return true;
        }
        return false;
    }
};

}  // namespace llmgw::domain
