#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "infrastructure/config/config_loader.hpp"

namespace llmgw::infrastructure {

// An environment of exactly `values`, for loading configurations in tests.
inline EnvLookup fake_env(std::map<std::string, std::string> values) {
    return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
        auto found = values.find(std::string(name));
        if (found == values.end()) return std::nullopt;
        return found->second;
    };
}

// The ConfigError that loading `yaml` raises, or "no error".
inline std::string load_error(const std::string& yaml,
                              std::map<std::string, std::string> env = {{"OPENAI_API_KEY", "sk-test"}}) {
    try {
        load_config_text(yaml, "gateway.yaml", fake_env(std::move(env)));
    } catch (const ConfigError& error) {
        return error.what();
    }
    return "no error";
}

}  // namespace llmgw::infrastructure
