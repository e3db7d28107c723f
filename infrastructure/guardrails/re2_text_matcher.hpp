#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/ports/text_matcher.hpp"

namespace re2 {
class RE2;
}

namespace llmgw::infrastructure {

// An operator's pattern or deny-list as RE2 runs it: linear in the text,
// whatever the pattern (RE2 has no backtracking), compiled once.
class Re2TextMatcher final : public domain::TextMatcher {
public:
    // A regular expression in RE2's syntax, or the problem with it.
    static domain::Result<std::shared_ptr<const Re2TextMatcher>> pattern(std::string_view regex);
    // Any of `terms`, literally, in any letter case.
    static domain::Result<std::shared_ptr<const Re2TextMatcher>> any_of(std::span<const std::string> terms);

    explicit Re2TextMatcher(std::unique_ptr<re2::RE2> compiled);
    ~Re2TextMatcher() override;

    void find(std::string_view text, domain::FindingKind kind, std::vector<domain::Finding>& into) const override;

private:
    std::unique_ptr<re2::RE2> compiled_;
};

}  // namespace llmgw::infrastructure
