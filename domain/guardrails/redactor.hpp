#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/guardrails/finding.hpp"

namespace llmgw::domain {

// The placeholders of one request. Each value found is replaced by a typed
// placeholder, "[EMAIL_1]", numbered per kind in the order found, and the
// same wherever the same value comes again in the request (so that a model
// can still tell two people apart, and refer back to one). The values are
// kept for as long as the request, to put the caller's back into its answer
// (`restore`), and never anywhere else.
class Redactor {
public:
    // `tags` name each finding kind (by its number) in placeholders:
    // EMAIL, CREDIT_CARD, EMPLOYEE_ID. They outlive the redactor.
    explicit Redactor(std::span<const std::string> tags) : tags_(tags) {}

    // Replaces `findings` (disjoint, in order: keep_disjoint) in `text`.
    // `callers` says the values are the caller's own (its request's), which
    // `restore` may give back; an answer's are not.
    void redact(std::string& text, std::span<const Finding> findings, bool callers);

    // Replaces every placeholder of one of the caller's values in `text` by
    // the value.
    void restore(std::string& text) const;
    bool restores_anything() const noexcept { return restorable_ > 0; }

private:
    struct Entry {
        std::string placeholder;
        std::string value;
        bool callers = false;
    };
    const Entry& entry_for(std::string_view value, FindingKind kind, bool callers);

    std::span<const std::string> tags_;
    std::vector<Entry> entries_;
    std::unordered_map<std::string, std::size_t> by_value_;
    std::unordered_map<std::string, std::size_t> by_placeholder_;
    std::vector<std::uint32_t> numbered_;  // placeholders given per kind
    std::size_t restorable_ = 0;
};

}  // namespace llmgw::domain
