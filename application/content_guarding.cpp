#include "application/content_guarding.hpp"

#include <algorithm>

#include "domain/api_key.hpp"
#include "domain/guardrails/detectors.hpp"

namespace llmgw::application {

namespace {

constexpr std::size_t owners_index(domain::PolicyScope scope) noexcept {
    return static_cast<std::size_t>(scope) - static_cast<std::size_t>(domain::PolicyScope::key);
}

std::string tag_of(std::string_view kind) {
    std::string tag(kind);
    std::transform(tag.begin(), tag.end(), tag.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return tag;
}

void count_finding(domain::LedgerRow& row, std::string_view entity, bool output, domain::GuardMode action) {
    const auto direction = output ? domain::GuardDirection::output : domain::GuardDirection::input;
    for (auto& counted : row.pii_findings) {
        if (counted.entity == entity && counted.direction == direction && counted.action == action) {
            ++counted.count;
            return;
        }
    }
    row.pii_findings.push_back({std::string(entity), direction, action, 1});
}

}  // namespace

ContentGuarding::ContentGuarding(std::vector<domain::GuardrailPolicy> policies, std::vector<std::string> kinds)
    : policies_(std::move(policies)), kinds_(std::move(kinds)) {
    for (const auto& kind : kinds_) tags_.push_back(tag_of(kind));
    for (const auto& policy : policies_) {
        if (policy.scope == domain::PolicyScope::global) {
            if (!global_) global_ = &policy;
        } else {
            owners_[owners_index(policy.scope)].emplace(policy.owner, &policy);
        }
    }
}

ContentScreen ContentGuarding::screen(const domain::RequestContext& context, std::string_view model) const {
    if (policies_.empty()) return {};
    std::array<const domain::GuardrailPolicy*, 5> found{};
    std::size_t count = 0;
    auto add = [&](domain::PolicyScope scope, std::string_view owner) {
        if (owner.empty()) return;
        const auto& owners = owners_[owners_index(scope)];
        if (auto it = owners.find(owner); it != owners.end()) found[count++] = it->second;
    };
    // Most specific first: the first that says whether to restore decides.
    add(domain::PolicyScope::key, context.caller.api_key_id);
    add(domain::PolicyScope::project, context.caller.project);
    add(domain::PolicyScope::team, context.caller.team);
    add(domain::PolicyScope::model, model);
    if (global_) found[count++] = global_;
    if (count == 0) return {};
    return ContentScreen(*this, std::span(found.data(), count), context.row);
}

ContentScreen::ContentScreen(const ContentGuarding& guarding, std::span<const domain::GuardrailPolicy* const> policies,
                             domain::LedgerRow* row)
    : guarding_(&guarding), policy_count_(policies.size()), row_(row) {
    std::copy(policies.begin(), policies.end(), policies_.begin());
    std::optional<bool> restore;
    for (const auto* policy : policies) {
        for (const bool output : {false, true}) {
            if (!policy->looks_at(output)) continue;
            looks_at_[output] = true;
            entities_[output] |= policy->entities;
        }
        if (!restore) restore = policy->restore;
    }
    restore_ = restore.value_or(false);
}

std::span<const domain::Finding> ContentScreen::find(std::string_view text, bool output) {
    findings_.clear();
    if (!looks_at_[output] || text.empty()) return {};
    domain::find_entities(text, entities_[output], findings_);
    for (std::size_t i = 0; i < policy_count_; ++i) {
        const auto& policy = *policies_[i];
        if (!policy.looks_at(output)) continue;
        for (const auto& pattern : policy.patterns) pattern.matcher->find(text, pattern.kind, findings_);
    }
    domain::keep_disjoint(findings_);
    return findings_;
}

domain::GuardMode ContentScreen::action(domain::FindingKind kind, bool output) const noexcept {
    auto strictest = domain::GuardMode::log;
    for (std::size_t i = 0; i < policy_count_; ++i) {
        const auto& policy = *policies_[i];
        if (policy.looks_at(output) && policy.looks_for(kind)) strictest = std::max(strictest, policy.mode);
    }
    return strictest;
}

const domain::Finding* ContentScreen::first_blocking(std::span<const domain::Finding> findings,
                                                     bool output) const noexcept {
    for (const auto& finding : findings) {
        if (action(finding.kind, output) == domain::GuardMode::block) return &finding;
    }
    return nullptr;
}

void ContentScreen::count(std::span<const domain::Finding> findings, bool output) {
    if (!row_) return;
    for (const auto& finding : findings) {
        count_finding(*row_, guarding_->kind_name(finding.kind), output, action(finding.kind, output));
    }
}

void ContentScreen::apply(std::string& text, std::span<const domain::Finding> findings, bool output) {
    if (findings.empty()) return;
    count(findings, output);
    to_redact_.clear();
    for (const auto& finding : findings) {
        if (action(finding.kind, output) == domain::GuardMode::redact) to_redact_.push_back(finding);
    }
    if (to_redact_.empty()) return;
    if (!redactor_) redactor_ = std::make_unique<domain::Redactor>(guarding_->tags());
    redactor_->redact(text, to_redact_, !output);
}

std::optional<domain::FindingKind> ContentScreen::screen(std::string& text, bool output) {
    const auto findings = find(text, output);
    if (const auto* blocking = first_blocking(findings, output)) {
        count(findings, output);
        return blocking->kind;
    }
    apply(text, findings, output);
    return std::nullopt;
}

void ContentScreen::screen_answer(domain::ChatResponse& answer) {
    if (!looks_at_output() && !restore_) return;
    for (auto& choice : answer.choices) {
        bool blocked = false;
        auto screen_text = [&](std::string& text) {
            if (looks_at_output() && !blocked) blocked = screen(text, true).has_value();
            restore(text);
        };
        for (auto& part : choice.message.content) {
            if (part.kind == domain::ContentPart::Kind::text) screen_text(part.text);
        }
        for (auto& call : choice.message.tool_calls) screen_text(call.arguments);
        if (!blocked) continue;
        choice.message.content.clear();
        choice.message.content_is_null = true;
        choice.message.tool_calls.clear();
        choice.finish_reason = domain::FinishReason::content_filter;
    }
}

void ContentScreen::screen_answer(domain::TextCompletionResponse& answer) {
    if (!looks_at_output() && !restore_) return;
    for (auto& choice : answer.choices) {
        if (looks_at_output() && screen(choice.text, true)) {
            choice.text.clear();
            choice.finish_reason = domain::FinishReason::content_filter;
        }
        restore(choice.text);
    }
}

domain::Error ContentScreen::refusal(domain::FindingKind kind) const {
    return domain::make_error(domain::ErrorCode::content_policy_violation,
                              "The gateway's content policy does not allow " + std::string(guarding_->kind_name(kind)) +
                                  " data in this request.");
}

}  // namespace llmgw::application
