#include "domain/api_key.hpp"

#include <algorithm>

namespace llmgw::domain {

bool matches_glob(std::string_view pattern, std::string_view name) noexcept {
    // Iterative, with one backtrack point (the last `*`): linear in practice
    // and never recursive, whatever the pattern.
    std::size_t p = 0, n = 0;
    std::size_t star = std::string_view::npos, resume = 0;
    while (n < name.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == name[n])) {
            ++p;
            ++n;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = n;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            n = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') ++p;
    return p == pattern.size();
}

bool ApiKey::may_use(std::string_view model) const noexcept {
    if (admin || !models) return true;
    return std::any_of(models->begin(), models->end(),
                       [&](const std::string& pattern) { return matches_glob(pattern, model); });
}

}  // namespace llmgw::domain
