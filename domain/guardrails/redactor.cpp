#include "domain/guardrails/redactor.hpp"

namespace llmgw::domain {

const Redactor::Entry& Redactor::entry_for(std::string_view value, FindingKind kind, bool callers) {
    std::string key(value);
    if (auto found = by_value_.find(key); found != by_value_.end()) {
        auto& entry = entries_[found->second];
        if (callers && !entry.callers) {
            entry.callers = true;
            ++restorable_;
        }
        return entry;
    }
    if (numbered_.size() <= kind) numbered_.resize(kind + 1u, 0);
    Entry entry;
    entry.placeholder.reserve(tags_[kind].size() + 8);
    entry.placeholder.append("[").append(tags_[kind]).append("_").append(std::to_string(++numbered_[kind])).append("]");
    entry.value = std::move(key);
    entry.callers = callers;
    restorable_ += callers ? 1 : 0;
    by_value_.emplace(entry.value, entries_.size());
    by_placeholder_.emplace(entry.placeholder, entries_.size());
    entries_.push_back(std::move(entry));
    return entries_.back();
}

void Redactor::redact(std::string& text, std::span<const Finding> findings, bool callers) {
    if (findings.empty()) return;
    std::string redacted;
    redacted.reserve(text.size());
    std::size_t copied = 0;
    for (const auto& finding : findings) {
        redacted.append(text, copied, finding.begin - copied);
        const auto value = std::string_view(text).substr(finding.begin, finding.end - finding.begin);
        redacted.append(entry_for(value, finding.kind, callers).placeholder);
        copied = finding.end;
    }
    redacted.append(text, copied);
    text = std::move(redacted);
}

void Redactor::restore(std::string& text) const {
    if (restorable_ == 0) return;
    constexpr std::size_t longest_placeholder = 64;
    std::string restored;
    std::size_t copied = 0;
    for (std::size_t open = text.find('['); open != std::string::npos; open = text.find('[', open + 1)) {
        const auto close = text.find(']', open);
        if (close == std::string::npos) break;
        if (close - open > longest_placeholder) continue;
        const auto found = by_placeholder_.find(text.substr(open, close - open + 1));
        if (found == by_placeholder_.end() || !entries_[found->second].callers) continue;
        restored.append(text, copied, open - copied).append(entries_[found->second].value);
        copied = close + 1;
        open = close;
    }
    if (copied == 0) return;
    restored.append(text, copied);
    text = std::move(restored);
}

}  // namespace llmgw::domain
