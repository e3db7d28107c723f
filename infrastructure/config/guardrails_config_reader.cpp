#include "infrastructure/config/guardrails_config_reader.hpp"

#include <algorithm>

#include "infrastructure/config/rate_limits_config_reader.hpp"
#include "infrastructure/guardrails/re2_text_matcher.hpp"

namespace llmgw::infrastructure::config_reading {
namespace {

// Bounds on what an operator's list may hold: a typo should not make
// every request scan a megabyte of terms.
constexpr std::size_t most_patterns = 64;
constexpr std::size_t most_denied_terms = 10'000;
constexpr std::size_t longest_term = 256;
// The kind of a finding from a `deny` list.
constexpr std::string_view denied_term = "denied_term";

bool valid_kind_name(std::string_view name) {
    if (name.empty() || name.size() > 32 || name.front() < 'a' || name.front() > 'z') return false;
    return std::all_of(name.begin(), name.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// The built-in entities are the first kinds, by their numbers.
void name_builtin_kinds(GuardrailsConfig& into) {
    if (!into.kinds.empty()) return;
    for (std::size_t i = 0; i < domain::builtin_entity_count; ++i) {
        into.kinds.emplace_back(domain::to_string(static_cast<domain::Entity>(i)));
    }
}

domain::FindingKind kind_named(GuardrailsConfig& into, std::string_view name) {
    const auto found = std::find(into.kinds.begin(), into.kinds.end(), name);
    if (found != into.kinds.end()) return static_cast<domain::FindingKind>(found - into.kinds.begin());
    into.kinds.emplace_back(name);
    return static_cast<domain::FindingKind>(into.kinds.size() - 1);
}

domain::GuardMode read_mode(Reader& reader, const YAML::Node& node, const std::string& path) {
    const auto mode = reader.string(node, path);
    if (mode == "redact") return domain::GuardMode::redact;
    if (mode == "block") return domain::GuardMode::block;
    if (mode == "log") return domain::GuardMode::log;
    reader.fail(node, path, "expected redact, block or log");
}

domain::GuardDirection read_direction(Reader& reader, const YAML::Node& node, const std::string& path) {
    const auto direction = reader.string(node, path);
    if (direction == "input") return domain::GuardDirection::input;
    if (direction == "output") return domain::GuardDirection::output;
    if (direction == "both") return domain::GuardDirection::both;
    reader.fail(node, path, "expected input, output or both");
}

std::vector<std::string> read_strings(Reader& reader, const YAML::Node& node, const std::string& path) {
    if (!node.IsSequence()) reader.fail(node, path, "expected a list");
    std::vector<std::string> strings;
    for (std::size_t i = 0; i < node.size(); ++i) strings.push_back(reader.string(node[i], path + "[" + std::to_string(i) + "]"));
    return strings;
}

}  // namespace

void read_guardrails(Reader& reader, const YAML::Node& parent, const std::string& parent_path, domain::PolicyScope scope,
                     const std::string& owner, GuardrailsConfig& into) {
    const auto node = parent["guardrails"];
    if (!node) return;
    const auto path = parent_path.empty() ? std::string("guardrails") : parent_path + ".guardrails";
    reader.expect_map(node, path, {"mode", "direction", "entities", "patterns", "deny", "restore"});
    name_builtin_kinds(into);
    domain::GuardrailPolicy policy{.scope = scope, .owner = owner};
    if (node["mode"]) policy.mode = read_mode(reader, node["mode"], path + ".mode");
    if (node["direction"]) policy.direction = read_direction(reader, node["direction"], path + ".direction");
    if (node["restore"]) policy.restore = reader.boolean(node["restore"], path + ".restore");
    if (const auto entities = node["entities"]) {
        policy.entities.reset();
        const auto names = read_strings(reader, entities, path + ".entities");
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto entity = domain::entity_named(names[i]);
            if (!entity) {
                reader.fail(entities[i], path + ".entities[" + std::to_string(i) + "]",
                            "unknown entity (expected email, phone, credit_card, iban, ssn, ip or secret)");
            }
            policy.entities.set(static_cast<std::size_t>(*entity));
        }
    }
    if (const auto patterns = node["patterns"]) {
        const auto patterns_path = path + ".patterns";
        if (!patterns.IsSequence() || patterns.size() > most_patterns) {
            reader.fail(patterns, patterns_path, "expected a list of at most 64 { name, regex } patterns");
        }
        for (std::size_t i = 0; i < patterns.size(); ++i) {
            const auto item_path = patterns_path + "[" + std::to_string(i) + "]";
            reader.expect_map(patterns[i], item_path, {"name", "regex"});
            const auto name = reader.required_string(patterns[i], item_path, "name");
            if (!valid_kind_name(name) || domain::entity_named(name) || name == denied_term) {
                reader.fail(patterns[i]["name"], item_path + ".name",
                            "expected a new name of lower-case letters, digits and _ (it names the placeholder)");
            }
            const auto regex = reader.required_string(patterns[i], item_path, "regex");
            auto matcher = Re2TextMatcher::pattern(regex);
            if (!matcher) reader.fail(patterns[i]["regex"], item_path + ".regex", "not a valid RE2 pattern: " + matcher.error().message);
            policy.patterns.push_back({kind_named(into, name), std::move(matcher).value()});
        }
    }
    if (const auto deny = node["deny"]) {
        const auto terms = read_strings(reader, deny, path + ".deny");
        const bool fits = terms.size() <= most_denied_terms &&
                          std::all_of(terms.begin(), terms.end(), [](const std::string& term) {
                              return !term.empty() && term.size() <= longest_term;
                          });
        if (!fits) reader.fail(deny, path + ".deny", "expected at most 10000 terms of 1 to 256 characters");
        if (!terms.empty()) {
            auto matcher = Re2TextMatcher::any_of(terms);
            if (!matcher) reader.fail(deny, path + ".deny", "the terms do not compile: " + matcher.error().message);
            policy.patterns.push_back({kind_named(into, denied_term), std::move(matcher).value()});
        }
    }
    const auto same_owner = [&](const domain::GuardrailPolicy& other) {
        return other.scope == scope && other.owner == owner;
    };
    // As with rate limits, a name's first entry is the one that counts.
    if (std::none_of(into.policies.begin(), into.policies.end(), same_owner)) into.policies.push_back(std::move(policy));
}

void read_scoped_policies(Reader& reader, const YAML::Node& node, const std::string& path, domain::PolicyScope scope,
                          const std::string& owner, ScopedPolicies into) {
    read_rate_limits(reader, node, path, scope, owner, into.rate_limits);
    read_guardrails(reader, node, path, scope, owner, into.guardrails);
}

}  // namespace llmgw::infrastructure::config_reading
