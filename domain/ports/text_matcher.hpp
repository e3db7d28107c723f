#pragma once

#include <string_view>
#include <vector>

#include "domain/guardrails/finding.hpp"

namespace llmgw::domain {

// An operator's own kind of finding: a pattern (`EMP-[0-9]{6}`) or a list
// of denied terms, compiled once at start-up into a linear-time matcher.
class TextMatcher {
public:
    virtual ~TextMatcher() = default;
    // Appends every match in `text`, left to right and not overlapping, as
    // a finding of `kind`.
    virtual void find(std::string_view text, FindingKind kind, std::vector<Finding>& into) const = 0;
};

}  // namespace llmgw::domain
