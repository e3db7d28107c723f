#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/error.hpp"
#include "domain/guardrails/guardrail_policy.hpp"
#include "domain/guardrails/redactor.hpp"
#include "domain/guardrails/request_texts.hpp"
#include "domain/ledger_row.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

class ContentGuarding;

// The guardrails of one request: every policy that applies to it (the
// whole gateway's, its key's, team's, project's and model's), applied
// together. A kind of finding gets the strictest action of the policies
// that look for it that way (block over redact over log). Placeholders are
// the request's own (domain::Redactor). Findings are counted on the
// request's ledger row by kind, way and action, never with their values.
class ContentScreen {
public:
    // Looks at nothing: what a request gets when no guardrail applies.
    ContentScreen() = default;
    ContentScreen(const ContentGuarding& guarding, std::span<const domain::GuardrailPolicy* const> policies,
                  domain::LedgerRow* row);

    bool looks_at_input() const noexcept { return looks_at_[0]; }
    bool looks_at_output() const noexcept { return looks_at_[1]; }
    // Whether the caller's values go back into its answer and there are
    // any to put back.
    bool has_values_to_restore() const noexcept { return restore_ && redactor_ && redactor_->restores_anything(); }

    // Every text of a request that leaves for the provider, redacted in
    // place; or its refusal, when a finding blocks it.
    template <class Request>
    domain::Result<void> screen_request(Request& request) {
        if (!looks_at_input()) return domain::success();
        std::optional<domain::FindingKind> blocked;
        domain::for_each_text(request, [&](std::string& text) {
            if (!blocked) blocked = screen(text, false);
        });
        if (blocked) return refusal(*blocked);
        return domain::success();
    }
    // Every text of an answer, redacted and with the caller's values put
    // back; a choice with a finding that blocks loses its content and
    // tool calls and ends with finish_reason content_filter.
    void screen_answer(domain::ChatResponse& answer);
    void screen_answer(domain::TextCompletionResponse& answer);
    template <class Answer>
    domain::Result<Answer> screened(domain::Result<Answer> answer) {
        if (answer) screen_answer(answer.value());
        return answer;
    }

    // A text going `output`-ward (else to the provider), changed in place;
    // the kind of a finding that blocks it, if one does.
    std::optional<domain::FindingKind> screen(std::string& text, bool output);
    // Puts the caller's values back into a text of its answer.
    void restore(std::string& text) const {
        if (restore_ && redactor_) redactor_->restore(text);
    }
    // The findings in `text` going `output`-ward, disjoint and in order:
    // for a stream, which screens its text as it grows.
    std::span<const domain::Finding> find(std::string_view text, bool output);
    // The first of `findings` (as `find` gave them) that blocks, if any.
    const domain::Finding* first_blocking(std::span<const domain::Finding> findings, bool output) const noexcept;
    // Counts `findings` (none of which blocks) and redacts those to be
    // redacted.
    void apply(std::string& text, std::span<const domain::Finding> findings, bool output);
    // Counts findings, whatever becomes of them.
    void count(std::span<const domain::Finding> findings, bool output);

    // The refusal of a request (or the reason for cutting an answer) that
    // holds a finding of `kind`.
    domain::Error refusal(domain::FindingKind kind) const;

private:
    domain::GuardMode action(domain::FindingKind kind, bool output) const noexcept;

    const ContentGuarding* guarding_ = nullptr;
    std::array<const domain::GuardrailPolicy*, 5> policies_{};
    std::size_t policy_count_ = 0;
    std::array<bool, 2> looks_at_{};
    std::array<domain::EntitySet, 2> entities_{};
    bool restore_ = false;
    domain::LedgerRow* row_ = nullptr;
    std::unique_ptr<domain::Redactor> redactor_;  // made at the first finding to redact
    std::vector<domain::Finding> findings_;
    std::vector<domain::Finding> to_redact_;
};

// The content-guardrail stage of every request's policy: which policies
// apply to a request, by its caller and model. Without policies every
// request gets a ContentScreen that looks at nothing, at no cost.
class ContentGuarding {
public:
    ContentGuarding() = default;
    // `kinds` names every finding kind by its number: the built-in
    // entities, then the operators' patterns and deny-lists.
    ContentGuarding(std::vector<domain::GuardrailPolicy> policies, std::vector<std::string> kinds);

    bool any() const noexcept { return !policies_.empty(); }
    ContentScreen screen(const domain::RequestContext& context, std::string_view model) const;

    std::string_view kind_name(domain::FindingKind kind) const noexcept { return kinds_[kind]; }
    // The kinds in placeholders: EMAIL, CREDIT_CARD, EMPLOYEE_ID.
    std::span<const std::string> tags() const noexcept { return tags_; }

private:
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view name) const noexcept { return std::hash<std::string_view>{}(name); }
    };
    using Owners = std::unordered_map<std::string, const domain::GuardrailPolicy*, NameHash, std::equal_to<>>;

    std::vector<domain::GuardrailPolicy> policies_;
    std::vector<std::string> kinds_;
    std::vector<std::string> tags_;
    const domain::GuardrailPolicy* global_ = nullptr;
    std::array<Owners, 4> owners_;  // key, team, project, model
};

}  // namespace llmgw::application
