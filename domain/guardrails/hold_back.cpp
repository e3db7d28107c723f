#include "domain/guardrails/hold_back.hpp"

namespace llmgw::domain {

namespace {

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

std::size_t releasable(std::string_view pending, std::span<const Finding> findings, HoldBack hold_back) noexcept {
    if (pending.size() <= hold_back.window) return 0;
    const bool overfull = pending.size() > hold_back.most;
    std::size_t cut = pending.size() - hold_back.window;
    // Back to the start of the word the cut would split.
    std::size_t word = cut;
    while (word > 0 && !is_space(pending[word - 1]) && !is_space(pending[word])) --word;
    if (word > 0 || !overfull) cut = word;
    for (auto it = findings.rbegin(); it != findings.rend(); ++it) {
        if (it->begin < cut && it->end > cut) cut = overfull ? it->end : it->begin;
    }
    return cut;
}

}  // namespace llmgw::domain
