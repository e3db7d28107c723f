#include <gtest/gtest.h>

#include <string>

#include "config_text.hpp"
#include "infrastructure/config/config_loader.hpp"

namespace llmgw::infrastructure {
namespace {

const std::string models = R"(providers:
  - { name: local, kind: openai_compatible, base_url: "http://127.0.0.1:1/v1" }
models:
  - { name: gpt-4.1-mini, provider: local }
)";

TEST(LoadConfig, ReadsSharedStateInRedisWithItsUrlFromTheEnvironment) {
    const auto config = load_config_text(
        models + "shared_state: { kind: redis, url_env: LLMGW_REDIS_URL, on_down: reject, key_prefix: 'gw1:', "
                 "timeout_ms: 250, parallel_lease_s: 120 }\n",
        "gateway.yaml", fake_env({{"LLMGW_REDIS_URL", "redis://:pw@redis.internal:6380/2"}}));
    const auto& shared = config.shared_state;
    EXPECT_TRUE(shared.redis);
    EXPECT_EQ(shared.url_env, "LLMGW_REDIS_URL");
    EXPECT_EQ(shared.redis_url, "redis://:pw@redis.internal:6380/2");
    EXPECT_TRUE(shared.reject_when_down);
    EXPECT_EQ(shared.key_prefix, "gw1:");
    EXPECT_EQ(shared.timeout, std::chrono::milliseconds(250));
    EXPECT_EQ(shared.parallel_lease, std::chrono::seconds(120));
}

TEST(LoadConfig, SharedStateIsThisInstancesMemoryAndFallsBackLocallyByDefault) {
    const auto absent = load_config_text(models, "gateway.yaml", fake_env({}));
    EXPECT_FALSE(absent.shared_state.redis);
    const auto redis = load_config_text(models + "shared_state: { kind: redis, url_env: R }\n", "gateway.yaml",
                                        fake_env({{"R", "redis://127.0.0.1"}}));
    EXPECT_FALSE(redis.shared_state.reject_when_down) << "on_down: local";
    EXPECT_EQ(redis.shared_state.key_prefix, "llmgw:");
}

TEST(LoadConfig, RefusesASharedStateItCannotUse) {
    const auto error = [](const std::string& shared_state) {
        return load_error(models + "shared_state: " + shared_state + "\n", {{"R", "redis://127.0.0.1"}});
    };
    EXPECT_NE(error("{ kind: etcd }").find("unknown kind `etcd` (expected memory or redis)"), std::string::npos);
    EXPECT_NE(error("{ kind: redis }").find("kind redis needs url_env"), std::string::npos);
    EXPECT_NE(error("{ url_env: R }").find("url_env is for kind redis"), std::string::npos);
    EXPECT_NE(error("{ kind: redis, url_env: UNSET }").find("`UNSET` is not set"), std::string::npos);
    EXPECT_NE(error("{ kind: redis, url_env: R, on_down: wait }").find("unknown action `wait` (expected local or reject)"),
              std::string::npos);
    EXPECT_NE(error("{ kind: redis, url_env: R, timeout_ms: 0 }").find("shared_state.timeout_ms"), std::string::npos);
    EXPECT_NE(error("{ kind: redis, url_env: R, size: 3 }").find("size"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::infrastructure
