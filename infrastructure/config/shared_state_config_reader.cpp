#include "infrastructure/config/shared_state_config_reader.hpp"

namespace llmgw::infrastructure::config_reading {

bool read_redis_kind(Reader& reader, const YAML::Node& node, const std::string& path, const EnvLookup& env,
                     std::string& url_env, std::string& redis_url) {
    bool redis = false;
    if (node["kind"]) {
        const auto kind = reader.string(node["kind"], path + ".kind");
        if (kind != "memory" && kind != "redis") {
            reader.fail(node["kind"], path + ".kind", "unknown kind `" + kind + "` (expected memory or redis)");
        }
        redis = kind == "redis";
    }
    if (node["url_env"].IsDefined() != redis) {
        reader.fail(node, path + ".url_env",
                    redis ? "kind redis needs url_env: the environment variable holding redis://..."
                          : "url_env is for kind redis");
    }
    if (!redis) return false;
    url_env = reader.string(node["url_env"], path + ".url_env");
    auto url = env(url_env);
    if (!url || url->empty()) {
        reader.fail(node["url_env"], path + ".url_env", "the environment variable `" + url_env + "` is not set");
    }
    redis_url = std::move(*url);
    return true;
}

SharedStateConfig read_shared_state(Reader& reader, const YAML::Node& node, const EnvLookup& env) {
    reader.expect_map(node, "shared_state", {"kind", "url_env", "on_down", "key_prefix", "timeout_ms", "parallel_lease_s"});
    SharedStateConfig shared;
    shared.redis = read_redis_kind(reader, node, "shared_state", env, shared.url_env, shared.redis_url);
    if (node["on_down"]) {
        const auto on_down = reader.string(node["on_down"], "shared_state.on_down");
        if (on_down != "local" && on_down != "reject") {
            reader.fail(node["on_down"], "shared_state.on_down", "unknown action `" + on_down + "` (expected local or reject)");
        }
        shared.reject_when_down = on_down == "reject";
    }
    if (node["key_prefix"]) shared.key_prefix = reader.string(node["key_prefix"], "shared_state.key_prefix");
    if (node["timeout_ms"]) {
        shared.timeout = std::chrono::milliseconds(reader.integer(node["timeout_ms"], "shared_state.timeout_ms", 1, 10'000));
    }
    if (node["parallel_lease_s"]) {
        shared.parallel_lease =
            std::chrono::seconds(reader.integer(node["parallel_lease_s"], "shared_state.parallel_lease_s", 10, 86'400));
    }
    return shared;
}

}  // namespace llmgw::infrastructure::config_reading
