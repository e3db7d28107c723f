#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

#include "domain/cache.hpp"
#include "infrastructure/config/config_loader.hpp"

namespace llmgw::infrastructure::config_reading {

// "a, b, c".
std::string join(std::initializer_list<std::string_view> words);

// "0.40" -> 400'000 (with `decimals` 6): a non-negative decimal with at
// most `decimals` fractional digits and a whole part up to `most`, as a
// whole number of 10^-decimals, read exactly (never through a binary
// fraction).
std::optional<std::int64_t> decimal_fixed(std::string_view text, std::size_t decimals, std::int64_t most);

// Walks the YAML tree, checking every key it reads and rejecting the ones it
// does not know, so that a typo fails start-up instead of being ignored.
class Reader {
public:
    explicit Reader(std::string source) : source_(std::move(source)) {}

    [[noreturn]] void fail(const YAML::Node& node, const std::string& path, const std::string& problem) const;

    void expect_map(const YAML::Node& node, const std::string& path, std::initializer_list<std::string_view> keys);

    std::string string(const YAML::Node& node, const std::string& path) {
        if (!node.IsScalar()) fail(node, path, "expected a string");
        return node.as<std::string>();
    }

    std::string required_string(const YAML::Node& parent, const std::string& path, const char* key) {
        const auto node = parent[key];
        if (!node) fail(parent, join_path(path, key), "missing required field");
        auto value = string(node, join_path(path, key));
        if (value.empty()) fail(node, join_path(path, key), "must not be empty");
        return value;
    }

    long long integer(const YAML::Node& node, const std::string& path, long long min, long long max);

    bool boolean(const YAML::Node& node, const std::string& path);

    domain::CacheScope cache_scope(const YAML::Node& node, const std::string& path) {
        const auto name = string(node, path);
        const auto scope = domain::cache_scope_named(name);
        if (!scope) fail(node, path, "unknown cache scope `" + name + "` (expected key, team, project or global)");
        return *scope;
    }

    // Dollars per million tokens, read exactly (as decimal digits, never
    // through a binary fraction) to whole micro-dollars per million tokens.
    std::int64_t price(const YAML::Node& node, const std::string& path);
    // Dollars, read exactly to whole nano-dollars.
    std::int64_t dollars(const YAML::Node& node, const std::string& path);

    static std::string join_path(const std::string& path, std::string_view key) {
        return path.empty() ? std::string(key) : path + "." + std::string(key);
    }

private:
    std::string source_;
};

}  // namespace llmgw::infrastructure::config_reading
