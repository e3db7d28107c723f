#include "infrastructure/guardrails/re2_text_matcher.hpp"

#include <re2/re2.h>

namespace llmgw::infrastructure {

namespace {

// Enough for any sensible pattern; a pattern beyond it is refused at start-up.
constexpr std::int64_t most_memory = 8 << 20;

domain::Result<std::shared_ptr<const Re2TextMatcher>> compile(const std::string& regex, bool fold_case) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(most_memory);
    options.set_case_sensitive(!fold_case);
    auto compiled = std::make_unique<re2::RE2>(regex, options);
    if (!compiled->ok()) return domain::make_error(domain::ErrorCode::invalid_request, compiled->error());
    return std::make_shared<const Re2TextMatcher>(std::move(compiled));
}

}  // namespace

Re2TextMatcher::Re2TextMatcher(std::unique_ptr<re2::RE2> compiled) : compiled_(std::move(compiled)) {}
Re2TextMatcher::~Re2TextMatcher() = default;

domain::Result<std::shared_ptr<const Re2TextMatcher>> Re2TextMatcher::pattern(std::string_view regex) {
    return compile(std::string(regex), false);
}

domain::Result<std::shared_ptr<const Re2TextMatcher>> Re2TextMatcher::any_of(std::span<const std::string> terms) {
    std::string alternatives;
    for (const auto& term : terms) {
        if (!alternatives.empty()) alternatives += '|';
        alternatives += RE2::QuoteMeta(term);
    }
    return compile(alternatives, true);
}

void Re2TextMatcher::find(std::string_view text, domain::FindingKind kind, std::vector<domain::Finding>& into) const {
    const re2::StringPiece input(text.data(), text.size());
    re2::StringPiece match;
    std::size_t from = 0;
    while (from <= text.size() && compiled_->Match(input, from, text.size(), RE2::UNANCHORED, &match, 1)) {
        const auto begin = static_cast<std::size_t>(match.data() - text.data());
        const auto end = begin + match.size();
        if (match.empty()) {  // an empty match finds nothing
            from = end + 1;
            continue;
        }
        into.push_back({begin, end, kind});
        from = end;
    }
}

}  // namespace llmgw::infrastructure
