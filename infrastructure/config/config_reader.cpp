#include "infrastructure/config/config_reader.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace llmgw::infrastructure::config_reading {

std::string join(std::initializer_list<std::string_view> words) {
    std::string joined;
    for (auto word : words) {
        if (!joined.empty()) joined += ", ";
        joined += word;
    }
    return joined;
}

std::optional<std::int64_t> decimal_fixed(std::string_view text, std::size_t decimals, std::int64_t most) {
    const auto point = text.find('.');
    const auto whole = text.substr(0, point);
    const auto fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
    const auto digits = [](std::string_view part) {
        return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (whole.empty() || whole.size() > 10 || fraction.size() > decimals || !digits(whole) || !digits(fraction)) {
        return {};
    }
    if (point != std::string_view::npos && fraction.empty()) return {};
    std::int64_t value = 0;
    for (char c : whole) value = value * 10 + (c - '0');
    if (value > most) return {};
    for (std::size_t i = 0; i < decimals; ++i) value = value * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
    return value;
}

void Reader::fail(const YAML::Node& node, const std::string& path, const std::string& problem) const {
    std::ostringstream message;
    message << source_;
    if (node.IsDefined() && node.Mark().line >= 0) {
        message << ':' << node.Mark().line + 1 << ':' << node.Mark().column + 1;
    }
    message << ": " << path << ": " << problem;
    throw ConfigError(message.str());
}

void Reader::expect_map(const YAML::Node& node, const std::string& path, std::initializer_list<std::string_view> keys) {
    if (!node.IsMap()) fail(node, path, "expected a mapping");
    for (const auto& item : node) {
        if (!item.first.IsScalar()) fail(item.first, path, "a key must be a plain name");
        const auto key = item.first.as<std::string>();
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
            fail(item.first, join_path(path, key), "unknown key (expected one of: " + join(keys) + ")");
        }
    }
}

long long Reader::integer(const YAML::Node& node, const std::string& path, long long min, long long max) {
    const auto text = string(node, path);
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) fail(node, path, "expected a whole number");
    if (value < min || value > max) {
        fail(node, path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    return value;
}

bool Reader::boolean(const YAML::Node& node, const std::string& path) {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) fail(node, path, "expected true or false");
    return value;
}

std::int64_t Reader::price(const YAML::Node& node, const std::string& path) {
    const auto text = string(node, path);
    const auto micros = decimal_fixed(text, 6, 1'000'000);
    if (!micros) {
        fail(node, path, "expected a price in dollars per million tokens with at most 6 decimals, e.g. 0.40");
    }
    return *micros;
}

std::int64_t Reader::dollars(const YAML::Node& node, const std::string& path) {
    const auto nanos = decimal_fixed(string(node, path), 9, 1'000'000'000);
    if (!nanos) fail(node, path, "expected dollars with at most 9 decimals, up to 1000000000, e.g. 50 or 0.25");
    return *nanos;
}

}  // namespace llmgw::infrastructure::config_reading
