#include "domain/guardrails/finding.hpp"

#include <algorithm>

namespace llmgw::domain {

namespace {

constexpr std::array<std::string_view, builtin_entity_count> entity_names{"email", "phone", "credit_card", "iban",
                                                                          "ssn",   "ip",    "secret"};

}  // namespace

std::string_view to_string(Entity entity) noexcept { return entity_names[static_cast<std::size_t>(entity)]; }

std::optional<Entity> entity_named(std::string_view name) noexcept {
    for (std::size_t i = 0; i < entity_names.size(); ++i) {
        if (entity_names[i] == name) return static_cast<Entity>(i);
    }
    return std::nullopt;
}

void keep_disjoint(std::vector<Finding>& findings) {
    std::sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    std::size_t kept = 0;
    std::size_t reached = 0;
    for (const auto& finding : findings) {
        if (kept > 0 && finding.begin < reached) continue;
        findings[kept++] = finding;
        reached = finding.end;
    }
    findings.resize(kept);
}

}  // namespace llmgw::domain
