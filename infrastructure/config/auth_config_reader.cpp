#include "infrastructure/config/auth_config_reader.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "domain/utc_time.hpp"
#include "infrastructure/auth/config_key_store.hpp"

namespace llmgw::infrastructure::config_reading {
namespace {

std::optional<std::vector<std::string>> read_model_patterns(Reader& reader, const YAML::Node& node,
                                                            const std::string& path) {
    if (!node) return std::nullopt;
    if (!node.IsSequence()) reader.fail(node, path, "expected a list of model names or glob patterns");
    std::vector<std::string> patterns;
    for (std::size_t i = 0; i < node.size(); ++i) patterns.push_back(reader.string(node[i], path + "[" + std::to_string(i) + "]"));
    return patterns;
}

}  // namespace

void read_budgets(Reader& reader, const YAML::Node& node, const std::string& path, domain::BudgetScope scope,
                  const std::string& owner, std::vector<domain::Budget>& into) {
    if (!node) return;
    if (!node.IsSequence()) reader.fail(node, path, "expected a list of budgets, e.g. [{ limit_usd: 50, period: monthly }]");
    for (std::size_t i = 0; i < node.size(); ++i) {
        const auto item_path = path + "[" + std::to_string(i) + "]";
        const auto& item = node[i];
        reader.expect_map(item, item_path, {"limit_usd", "period"});
        if (!item["limit_usd"]) reader.fail(item, item_path + ".limit_usd", "missing required field");
        domain::Budget budget{.scope = scope, .owner = owner};
        budget.limit = {reader.dollars(item["limit_usd"], item_path + ".limit_usd")};
        const auto period = item["period"] ? reader.string(item["period"], item_path + ".period") : "monthly";
        if (period == "daily") {
            budget.period = domain::BudgetPeriod::daily;
        } else if (period == "weekly") {
            budget.period = domain::BudgetPeriod::weekly;
        } else if (period == "monthly") {
            budget.period = domain::BudgetPeriod::monthly;
        } else if (period == "total") {
            budget.period = domain::BudgetPeriod::total;
        } else {
            reader.fail(item["period"], item_path + ".period", "expected daily, weekly, monthly or total");
        }
        into.push_back(std::move(budget));
    }
}

namespace {

ApiKeyConfig read_api_key(Reader& reader, const YAML::Node& node, const std::string& path, const EnvLookup& env) {
    reader.expect_map(node, path,
                      {"id", "key_env", "key_sha256", "team", "project", "user", "models", "budgets", "expires_at", "cache",
                       "rate_limits", "max_parallel", "guardrails"});
    ApiKeyConfig key;
    key.id = reader.required_string(node, path, "id");
    if (node["key_env"].IsDefined() == node["key_sha256"].IsDefined()) {
        reader.fail(node, path, "give exactly one of key_env (the secret's environment variable) and key_sha256");
    }
    if (node["key_env"]) {
        const auto name = reader.string(node["key_env"], path + ".key_env");
        auto secret = env(name);
        if (!secret || secret->empty()) {
            reader.fail(node["key_env"], path + ".key_env", "the environment variable `" + name + "` is not set");
        }
        key.secret = std::move(*secret);
        key.digest = sha256_of(key.secret);
    } else {
        const auto digest = sha256_from_hex(reader.string(node["key_sha256"], path + ".key_sha256"));
        if (!digest) reader.fail(node["key_sha256"], path + ".key_sha256", "expected 64 hexadecimal digits (a SHA-256)");
        key.digest = *digest;
    }
    if (node["team"]) key.team = reader.string(node["team"], path + ".team");
    if (node["project"]) key.project = reader.string(node["project"], path + ".project");
    if (node["user"]) key.user = reader.string(node["user"], path + ".user");
    key.models = read_model_patterns(reader, node["models"], path + ".models");
    if (node["expires_at"]) {
        key.expires_at = domain::parse_utc_timestamp(reader.string(node["expires_at"], path + ".expires_at"));
        if (!key.expires_at) {
            reader.fail(node["expires_at"], path + ".expires_at", "expected an RFC 3339 time, e.g. 2027-06-30T00:00:00Z");
        }
    }
    if (const auto cache = node["cache"]) {
        const auto cache_path = path + ".cache";
        reader.expect_map(cache, cache_path, {"scope", "controls"});
        if (cache["scope"]) key.cache_scope = reader.cache_scope(cache["scope"], cache_path + ".scope");
        if (cache["controls"]) key.cache_controls = reader.boolean(cache["controls"], cache_path + ".controls");
    }
    return key;
}

}  // namespace

AuthConfig read_auth(Reader& reader, const YAML::Node& root, const EnvLookup& env, BudgetsConfig& budgets,
                     ScopedPolicies policies) {
    AuthConfig auth;
    for (const char* section : {"teams", "projects"}) {
        const auto list = root[section];
        if (!list) continue;
        if (!list.IsSequence()) reader.fail(list, section, "expected a list");
        for (std::size_t i = 0; i < list.size(); ++i) {
            const auto path = std::string(section) + "[" + std::to_string(i) + "]";
            reader.expect_map(list[i], path, {"name", "models", "budgets", "rate_limits", "max_parallel", "guardrails"});
            auto name = reader.required_string(list[i], path, "name");
            const bool team = std::string_view(section) == "teams";
            read_budgets(reader, list[i]["budgets"], path + ".budgets",
                         team ? domain::BudgetScope::team : domain::BudgetScope::project, name, budgets.owned);
            read_scoped_policies(reader, list[i], path, team ? domain::PolicyScope::team : domain::PolicyScope::project,
                                 name, policies);
            if (team) {
                auth.teams.push_back({std::move(name), read_model_patterns(reader, list[i]["models"], path + ".models")});
            } else {
                if (list[i]["models"]) reader.fail(list[i]["models"], path + ".models", "allow-lists belong to keys and teams");
                auth.projects.push_back(std::move(name));
            }
        }
    }
    const auto node = root["auth"];
    if (!node) return auth;
    reader.expect_map(node, "auth", {"admin_key_env", "keys"});
    auth.enabled = true;
    if (node["admin_key_env"]) {
        const auto name = reader.string(node["admin_key_env"], "auth.admin_key_env");
        auto secret = env(name);
        if (!secret || secret->empty()) {
            reader.fail(node["admin_key_env"], "auth.admin_key_env", "the environment variable `" + name + "` is not set");
        }
        ApiKeyConfig admin;
        admin.id = "admin";
        admin.secret = std::move(*secret);
        admin.digest = sha256_of(admin.secret);
        auth.admin = std::move(admin);
    }
    const auto keys = node["keys"];
    if (keys && !keys.IsSequence()) reader.fail(keys, "auth.keys", "expected a list of keys");
    for (std::size_t i = 0; keys && i < keys.size(); ++i) {
        const auto path = "auth.keys[" + std::to_string(i) + "]";
        auto key = read_api_key(reader, keys[i], path, env);
        read_budgets(reader, keys[i]["budgets"], path + ".budgets", domain::BudgetScope::key, key.id, budgets.owned);
        read_scoped_policies(reader, keys[i], path, domain::PolicyScope::key, key.id, policies);
        const auto same = [&](const ApiKeyConfig& other) { return other.id == key.id || other.digest == key.digest; };
        if (std::any_of(auth.keys.begin(), auth.keys.end(), same) || (auth.admin && same(*auth.admin))) {
            reader.fail(keys[i], path, "a key's id and secret must both be unique (also against the admin key)");
        }
        const auto team_listed = [&](const TeamConfig& team) { return team.name == key.team; };
        if (!key.team.empty() && !auth.teams.empty() && std::none_of(auth.teams.begin(), auth.teams.end(), team_listed)) {
            reader.fail(keys[i]["team"], path + ".team", "no team is named `" + key.team + "` in `teams`");
        }
        if (!key.project.empty() && !auth.projects.empty() &&
            std::find(auth.projects.begin(), auth.projects.end(), key.project) == auth.projects.end()) {
            reader.fail(keys[i]["project"], path + ".project", "no project is named `" + key.project + "` in `projects`");
        }
        auth.keys.push_back(std::move(key));
    }
    if (!auth.admin && auth.keys.empty()) reader.fail(node, "auth", "expected admin_key_env or at least one key");
    return auth;
}

}  // namespace llmgw::infrastructure::config_reading
