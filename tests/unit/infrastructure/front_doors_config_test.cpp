// What the configuration says of the front doors beyond chat completions:
// model tiers, the responses the Responses API keeps, and which wire API an
// OpenAI provider speaks.

#include <gtest/gtest.h>

#include <string>

#include "config_text.hpp"
#include "infrastructure/config/config_loader.hpp"

namespace llmgw::infrastructure {
namespace {

TEST(LoadConfig, ReadsTiersOfKnownModelsAndTheirStrategy) {
    const std::string base = "providers: [{ name: mock, kind: mock }]\n"
                             "models: [{ name: a, provider: mock }, { name: b, provider: mock }]\n";
    const auto config = load_config_text(base + "tiers: { fast: [b, a], premium: [a] }\ntier_strategy: latency\n",
                                         "gateway.yaml", fake_env({}));
    ASSERT_EQ(config.tiers.size(), 2u);
    EXPECT_EQ(config.tiers[0].first, "fast");
    EXPECT_EQ(config.tiers[0].second, (std::vector<std::string>{"b", "a"}));
    EXPECT_EQ(config.tier_strategy, domain::TierStrategy::latency);
    const auto error_of = [&](const std::string& rest) {
        try {
            load_config_text(base + rest, "gateway.yaml", fake_env({}));
        } catch (const ConfigError& error) {
            return std::string(error.what());
        }
        return std::string();
    };
    EXPECT_NE(error_of("tiers: { fast: [a, c] }\n").find("tiers.fast[1]: no model is named `c`"), std::string::npos);
    EXPECT_NE(error_of("tiers: { fast: [] }\n").find("tiers.fast: expected a non-empty list"), std::string::npos);
    EXPECT_NE(error_of("tier_strategy: luck\n").find("unknown strategy `luck`"), std::string::npos);
}

TEST(LoadConfig, ReadsWhatTheResponsesApiStores) {
    const std::string base = "providers: [{ name: mock, kind: mock }]\nmodels: [{ name: a, provider: mock }]\n";
    const auto defaults = load_config_text(base, "gateway.yaml", fake_env({}));
    EXPECT_TRUE(defaults.responses.store);
    EXPECT_EQ(defaults.responses.ttl, std::chrono::hours(24 * 30));
    const auto config = load_config_text(
        base + "responses: { store: false, ttl_s: 3600, max_bytes: 65536, memory_max_bytes: 2097152 }\n", "gateway.yaml",
        fake_env({}));
    EXPECT_FALSE(config.responses.store);
    EXPECT_EQ(config.responses.ttl, std::chrono::seconds(3600));
    EXPECT_EQ(config.responses.max_bytes, 65536u);
    EXPECT_EQ(config.responses.memory_max_bytes, 2097152u);
    try {
        load_config_text(base + "responses: { ttl_s: 10 }\n", "gateway.yaml", fake_env({}));
        FAIL() << "a ttl under a minute was taken";
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("responses.ttl_s"), std::string::npos) << error.what();
    }
}

TEST(LoadConfig, ReadsWhichWireApiAnOpenAiProviderSpeaks) {
    const std::string models = "models: [{ name: a, provider: p }]\n";
    const auto config = load_config_text(
        "providers: [{ name: p, kind: openai, base_url: 'http://127.0.0.1:1/v1', wire_api: responses }]\n" + models,
        "gateway.yaml", fake_env({}));
    EXPECT_TRUE(config.providers.at(0).responses_api);
    EXPECT_FALSE(load_config_text("providers: [{ name: p, kind: openai_compatible, base_url: 'http://127.0.0.1:1/v1', "
                                  "wire_api: chat }]\n" + models,
                                  "gateway.yaml", fake_env({}))
                     .providers.at(0)
                     .responses_api);
    EXPECT_NE(load_error("providers: [{ name: p, kind: anthropic, wire_api: responses }]\n" + models)
                  .find("providers[0].wire_api: only for providers of kind openai or openai_compatible"),
              std::string::npos);
    EXPECT_NE(load_error("providers: [{ name: p, kind: openai, base_url: 'http://127.0.0.1:1/v1', wire_api: grpc }]\n" + models)
                  .find("unknown wire API `grpc`"),
              std::string::npos);
}

}  // namespace
}  // namespace llmgw::infrastructure
