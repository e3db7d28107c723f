#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <tuple>
#include <sstream>
#include <utility>
#include <vector>

#include "infrastructure/auth/config_key_store.hpp"
#include "infrastructure/config/config_loader.hpp"
#include "config_text.hpp"

namespace llmgw::infrastructure {
namespace {

const std::string valid_yaml = R"(listen: 0.0.0.0:9090
max_body_bytes: 1048576
cache: { enabled: true, ttl_s: 60 }
providers:
  - name: openai
    kind: openai
    base_url: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY
  - name: local
    kind: openai_compatible
    base_url: http://127.0.0.1:11434/v1
    headers: { X-Title: gateway }
models:
  - name: gpt-4.1-mini
    provider: openai
    upstream_model: gpt-4.1-mini
    pricing: { input_per_mtok: 0.40, output_per_mtok: 1.60 }
  - name: llama
    provider: local
)";

TEST(LoadConfig, ReadsTheDocumentedShape) {
    const auto config = load_config_text(valid_yaml, "gateway.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}}));
    EXPECT_EQ(config.listen_host, "0.0.0.0");
    EXPECT_EQ(config.listen_port, 9090);
    EXPECT_EQ(config.max_body_bytes, 1048576u);
    EXPECT_TRUE(config.cache.enabled);
    EXPECT_EQ(config.cache.ttl, std::chrono::seconds(60));
    ASSERT_EQ(config.providers.size(), 2u);
    EXPECT_EQ(config.providers[0].kind, ProviderKind::openai);
    EXPECT_EQ(config.providers[0].api_key, "sk-test");
    EXPECT_EQ(config.providers[1].headers, (std::vector<std::pair<std::string, std::string>>{{"X-Title", "gateway"}}));
    ASSERT_EQ(config.models.size(), 2u);
    EXPECT_EQ(config.models[0].pricing.input_per_mtok, 400'000);
    EXPECT_EQ(config.models[0].pricing.output_per_mtok, 1'600'000);
    EXPECT_EQ(config.models[0].pricing.cached_input_per_mtok, 400'000);
    EXPECT_EQ(config.models[1].upstream_model, "llama");
}

TEST(LoadConfig, ReadsPricesExactlyAsDecimals) {
    // 0.1 + 0.2 and friends: no binary fraction on the way.
    for (const auto& [text, micros] : std::vector<std::pair<std::string, std::int64_t>>{
             {"0.000001", 1}, {"0.01875", 18'750}, {"0.3", 300'000}, {"3", 3'000'000}, {"1000000", 1'000'000'000'000}}) {
        auto yaml = valid_yaml;
        yaml.replace(yaml.find("0.40"), 4, text);
        const auto config = load_config_text(yaml, "gateway.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}}));
        EXPECT_EQ(config.models[0].pricing.input_per_mtok, micros) << text;
    }
}

TEST(LoadConfig, NamesFileLineKeyAndProblem) {
    auto yaml = valid_yaml;
    yaml.replace(yaml.find("    api_key_env"), 0, "    api_kye: x\n");
    const auto message = load_error(yaml);
    EXPECT_NE(message.find("gateway.yaml:8:"), std::string::npos) << message;
    EXPECT_NE(message.find("providers[0].api_kye"), std::string::npos) << message;
    EXPECT_NE(message.find("unknown key"), std::string::npos) << message;
}

TEST(LoadConfig, AnyYamlShapeIsAConfigErrorNeverACrash) {
    // Found by the config fuzz target: a complex key made yaml-cpp throw
    // from inside the reader, which ended the process.
    const auto complex_key = load_error("providers:\n? - { name: m, kind: mock }\n: x\nmodels: []\n");
    EXPECT_NE(complex_key.find("a key must be a plain name"), std::string::npos) << complex_key;
    const auto tag = load_error("providers: !!binary AAAA\nmodels: []\n");
    EXPECT_NE(tag.find("gateway.yaml:"), std::string::npos) << tag;
}

TEST(LoadConfig, RejectsWhatCannotBeServed) {
    EXPECT_NE(load_error(valid_yaml, {}).find("OPENAI_API_KEY is not set"), std::string::npos);

    auto unknown_provider = valid_yaml;
    unknown_provider.replace(unknown_provider.find("provider: local"), 15, "provider: nowhere");
    EXPECT_NE(load_error(unknown_provider).find("models[1].provider: no provider is named `nowhere`"), std::string::npos);

    auto missing_name = valid_yaml;
    missing_name.replace(missing_name.find("  - name: llama\n"), 16, "  - upstream_model: llama\n");
    EXPECT_NE(load_error(missing_name).find("models[1].name: missing required field"), std::string::npos);

    auto bad_kind = valid_yaml;
    bad_kind.replace(bad_kind.find("kind: openai_compatible"), 23, "kind: azure");
    EXPECT_NE(load_error(bad_kind).find("unknown provider kind `azure`"), std::string::npos);

    for (const char* price : {"cheap", "-1", "0.1234567", "1e-3", ".5", "5.", "2000000"}) {
        auto bad_price = valid_yaml;
        bad_price.replace(bad_price.find("0.40"), 4, price);
        EXPECT_NE(load_error(bad_price).find("pricing.input_per_mtok"), std::string::npos) << price;
    }

    auto bad_url = valid_yaml;
    bad_url.replace(bad_url.find("http://127.0.0.1:11434/v1"), 25, "ftp://host");
    EXPECT_NE(load_error(bad_url).find("providers[1].base_url"), std::string::npos);

    EXPECT_NE(load_error("listen: [1, 2\n").find("not valid YAML"), std::string::npos);
    EXPECT_NE(load_error("listen: 127.0.0.1:8080\n").find("providers"), std::string::npos);
}

const std::string thinking_yaml = R"(providers:
  - name: anthropic
    kind: anthropic
models:
  - name: claude
    provider: anthropic
    upstream_model: claude-opus-4-6
    thinking: budget
)";

TEST(LoadConfig, AnAnthropicModelMaySayHowItThinks) {
    EXPECT_EQ(load_config_text(thinking_yaml, "gateway.yaml", fake_env({{"ANTHROPIC_API_KEY", "k"}})).models[0].thinking,
              "budget");
    auto unknown = thinking_yaml;
    unknown.replace(unknown.find("thinking: budget"), 16, "thinking: deeply");
    EXPECT_NE(load_error(unknown, {{"ANTHROPIC_API_KEY", "k"}}).find("models[0].thinking: unknown thinking `deeply`"),
              std::string::npos);
    // One upstream model is one translation: two entries over it must agree.
    const auto disagreeing = thinking_yaml + "  - name: claude-adaptive\n    provider: anthropic\n"
                                             "    upstream_model: claude-opus-4-6\n    thinking: adaptive\n";
    EXPECT_NE(load_error(disagreeing, {{"ANTHROPIC_API_KEY", "k"}}).find("must agree"), std::string::npos);
    EXPECT_NE(load_error(valid_yaml + "    thinking: budget\n").find("only Anthropic models take `thinking`"), std::string::npos);
}

TEST(LoadConfig, ReadsTheCacheItsModelRulesAndItsKeyScopes) {
    const std::string yaml = R"(cache: { enabled: true, coalesce: false, mode: always, scope: project, ttl_s: 30, max_ttl_s: 600, max_entries: 5, max_bytes: 2097152 }
providers:
  - { name: local, kind: openai_compatible, base_url: "http://127.0.0.1:1/v1" }
models:
  - { name: fixed, provider: local, cache: always }
  - { name: live, provider: local, cache: never }
auth:
  keys:
    - { id: shared, key_env: K1, cache: { scope: global, controls: false } }
    - { id: plain, key_env: K2 }
)";
    const auto config = load_config_text(yaml, "gateway.yaml", fake_env({{"K1", "secret-one"}, {"K2", "secret-two"}}));
    EXPECT_TRUE(config.cache.always);
    EXPECT_EQ(config.cache.coalesce, false);
    EXPECT_EQ(config.cache.scope, domain::CacheScope::project);
    EXPECT_EQ(config.cache.ttl, std::chrono::seconds(30));
    EXPECT_EQ(config.cache.max_ttl, std::chrono::seconds(600));
    EXPECT_EQ(config.cache.max_entries, 5u);
    EXPECT_EQ(config.cache.max_bytes, 2097152u);
    EXPECT_EQ(config.models[0].cache, "always");
    EXPECT_EQ(config.models[1].cache, "never");
    EXPECT_EQ(config.auth.keys[0].cache_scope, domain::CacheScope::global);
    EXPECT_FALSE(config.auth.keys[0].cache_controls);
    EXPECT_FALSE(config.auth.keys[1].cache_scope);
    EXPECT_TRUE(config.auth.keys[1].cache_controls);

    const auto fails = [&](const std::string& from, const std::string& to) {
        auto broken = yaml;
        broken.replace(broken.find(from), from.size(), to);
        return load_error(broken, {{"K1", "secret-one"}, {"K2", "secret-two"}});
    };
    EXPECT_NE(fails("mode: always", "mode: sometimes").find("cache.mode: unknown mode `sometimes`"), std::string::npos);
    EXPECT_NE(fails("scope: project", "scope: planet").find("cache.scope: unknown cache scope `planet`"), std::string::npos);
    EXPECT_NE(fails("scope: global", "scope: world").find("auth.keys[0].cache.scope"), std::string::npos);
    EXPECT_NE(fails("cache: never", "cache: rarely").find("models[1].cache: unknown cache rule"), std::string::npos);
    EXPECT_NE(fails("name: live", "name: fixed").find("another cache rule"), std::string::npos);
}

TEST(LoadConfig, ReadsRateLimitsAndMaxParallelAtEveryScope) {
    const std::string yaml = R"(rate_limits: [{ rpm: 10000 }]
max_parallel: 500
providers:
  - { name: local, kind: openai_compatible, base_url: "http://127.0.0.1:1/v1" }
models:
  - { name: gpt-4.1-mini, provider: local, rate_limits: [{ tpm: 2000000 }] }
  - { name: gpt-4.1-mini, provider: local }
teams:
  - { name: search, rate_limits: [{ tpm: 1000000 }], max_parallel: 50 }
projects:
  - { name: ranking, rate_limits: [{ rph: 5000 }] }
auth:
  keys:
    - id: search-ranker
      key_env: K1
      team: search
      project: ranking
      rate_limits: [{ rpm: 600, tpm: 200000 }, { rpd: 100000 }, { input_tpm: 1000, output_tpm: 500, rps: 5, tph: 9, tpd: 99 }]
      max_parallel: 20
)";
    const auto config = load_config_text(yaml, "gateway.yaml", fake_env({{"K1", "secret-one"}}));
    using domain::RateMeasure;
    using domain::PolicyScope;
    std::vector<std::tuple<PolicyScope, std::string, RateMeasure, long long, long long>> read;
    for (std::size_t i = 0; i < config.rate_limits.size(); ++i) {
        const auto& limit = config.rate_limits[i];
        EXPECT_EQ(limit.slot, i);
        read.emplace_back(limit.scope, limit.owner, limit.measure, limit.period.count(), limit.limit);
    }
    const std::vector<std::tuple<PolicyScope, std::string, RateMeasure, long long, long long>> expected{
        {PolicyScope::team, "search", RateMeasure::parallel, 0, 50},
        {PolicyScope::team, "search", RateMeasure::tokens, 60, 1000000},
        {PolicyScope::project, "ranking", RateMeasure::requests, 3600, 5000},
        {PolicyScope::key, "search-ranker", RateMeasure::parallel, 0, 20},
        {PolicyScope::key, "search-ranker", RateMeasure::requests, 60, 600},
        {PolicyScope::key, "search-ranker", RateMeasure::tokens, 60, 200000},
        {PolicyScope::key, "search-ranker", RateMeasure::requests, 86400, 100000},
        {PolicyScope::key, "search-ranker", RateMeasure::input_tokens, 60, 1000},
        {PolicyScope::key, "search-ranker", RateMeasure::output_tokens, 60, 500},
        {PolicyScope::key, "search-ranker", RateMeasure::requests, 1, 5},
        {PolicyScope::key, "search-ranker", RateMeasure::tokens, 3600, 9},
        {PolicyScope::key, "search-ranker", RateMeasure::tokens, 86400, 99},
        {PolicyScope::global, "", RateMeasure::parallel, 0, 500},
        {PolicyScope::global, "", RateMeasure::requests, 60, 10000},
        {PolicyScope::model, "gpt-4.1-mini", RateMeasure::tokens, 60, 2000000},
    };
    EXPECT_EQ(read, expected);

    const auto fails = [&](const std::string& from, const std::string& to) {
        auto broken = yaml;
        broken.replace(broken.find(from), from.size(), to);
        return load_error(broken, {{"K1", "secret-one"}});
    };
    EXPECT_NE(fails("{ rpd: 100000 }", "{ rpw: 100000 }").find("auth.keys[0].rate_limits[1].rpw: unknown window"),
              std::string::npos);
    EXPECT_NE(fails("{ rpm: 10000 }", "{ rpm: 0 }").find("rate_limits[0].rpm"), std::string::npos);
    EXPECT_NE(fails("max_parallel: 20", "max_parallel: -1").find("auth.keys[0].max_parallel"), std::string::npos);
    EXPECT_NE(fails("rate_limits: [{ rph: 5000 }]", "rate_limits: { rph: 5000 }").find("projects[0].rate_limits: expected a list"), std::string::npos);
    EXPECT_NE(fails("provider: local }\nteams", "provider: local, max_parallel: 3 }\nteams").find("first entry only"),
              std::string::npos);
}

const std::string resilient_yaml = R"(load_balancing: least_in_flight
providers:
  - name: openai
    kind: openai
    timeouts: { connect_ms: 2000, idle_ms: 30000, first_token_ms: 5000, total_ms: 60000 }
    retry: { max_attempts: 4, backoff: fibonacci, base_ms: 100, max_ms: 5000 }
    circuit_breaker: { failure_threshold: 3, cooldown_s: 10 }
  - name: anthropic
    kind: anthropic
models:
  - name: fast
    provider: openai
    weight: 3
    max_concurrency: 8
    retry: { max_attempts: 2 }
    circuit_breaker: { failure_rate_percent: 50, window_s: 30, min_requests: 10, half_open_probes: 2 }
    timeouts: { total_ms: 20000 }
    fallbacks: [claude]
  - name: fast
    provider: anthropic
    upstream_model: claude-haiku
  - name: claude
    provider: anthropic
)";

TEST(LoadConfig, ReadsResilienceSettingsWithModelsOverridingTheirProvider) {
    const auto config = load_config_text(resilient_yaml, "gateway.yaml", fake_env({}));
    EXPECT_EQ(config.load_balancing, domain::Balancing::least_in_flight);
    const auto& openai = config.providers[0];
    EXPECT_EQ(openai.timeouts.connect, std::chrono::milliseconds(2000));
    EXPECT_EQ(openai.timeouts.idle, std::chrono::milliseconds(30000));

    const auto& fast = config.models[0];
    EXPECT_EQ(fast.retry.max_attempts, 2) << "set on the model";
    EXPECT_EQ(fast.retry.backoff, domain::Backoff::fibonacci) << "inherited from the provider";
    EXPECT_EQ(fast.retry.base, std::chrono::milliseconds(100));
    EXPECT_EQ(fast.circuit_breaker.failure_threshold, 3);
    EXPECT_EQ(fast.circuit_breaker.cooldown, std::chrono::seconds(10));
    EXPECT_DOUBLE_EQ(fast.circuit_breaker.failure_rate, 0.5);
    EXPECT_EQ(fast.circuit_breaker.half_open_probes, 2);
    EXPECT_EQ(fast.first_token_timeout, std::chrono::milliseconds(5000));
    EXPECT_EQ(fast.total_timeout, std::chrono::milliseconds(20000));
    EXPECT_EQ(fast.weight, 3);
    EXPECT_EQ(fast.max_concurrency, 8u);
    EXPECT_EQ(fast.max_queued, 8u) << "as many may wait as may run, unless set";
    EXPECT_EQ(fast.fallbacks, (std::vector<std::string>{"claude"}));

    const auto& peer = config.models[1];
    EXPECT_EQ(peer.retry.max_attempts, 3) << "the documented default";
    EXPECT_EQ(peer.retry.backoff, domain::Backoff::exponential);
    EXPECT_EQ(peer.circuit_breaker.failure_threshold, 5);
    EXPECT_EQ(peer.total_timeout, std::chrono::milliseconds(0)) << "none unless set";
    EXPECT_EQ(peer.max_concurrency, 0u);
}

TEST(LoadConfig, RejectsResilienceSettingsThatCannotWork) {
    auto load = [](std::string yaml) { return load_error(yaml, {}); };
    auto with = [](std::string from, std::string to) {
        auto yaml = resilient_yaml;
        yaml.replace(yaml.find(from), from.size(), to);
        return yaml;
    };
    EXPECT_NE(load(with("fallbacks: [claude]", "fallbacks: [gpt-9]")).find("models[0].fallbacks[0]: no model is named `gpt-9`"),
              std::string::npos);
    EXPECT_NE(load(with("fallbacks: [claude]", "fallbacks: [fast]")).find("cannot fall back on itself"), std::string::npos);
    EXPECT_NE(load(with("backoff: fibonacci", "backoff: random")).find("unknown backoff `random`"), std::string::npos);
    EXPECT_NE(load(with("load_balancing: least_in_flight", "load_balancing: fastest")).find("unknown strategy `fastest`"),
              std::string::npos);
    EXPECT_NE(load(with("max_attempts: 2", "max_attempts: 0")).find("models[0].retry.max_attempts: must be between 1 and 10"),
              std::string::npos);
    EXPECT_NE(load(with("timeouts: { total_ms: 20000 }", "timeouts: { connect_ms: 1 }")).find("models[0].timeouts.connect_ms: unknown key"),
              std::string::npos);
    EXPECT_NE(load(with("failure_rate_percent: 50", "failure_rate_percent: 150")).find("must be between 0 and 100"),
              std::string::npos);
}

TEST(LoadConfig, FileThatCannotBeReadIsAnError) {
    try {
        load_config_file("/nonexistent/gateway.yaml", fake_env({}));
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& error) {
        EXPECT_NE(std::string(error.what()).find("/nonexistent/gateway.yaml: cannot read"), std::string::npos);
    }
}

TEST(DefaultConfig, ServesTheMockAndAddsOpenAIWhenAKeyIsSet) {
    const auto bare = default_config(fake_env({}));
    ASSERT_EQ(bare.models.size(), 1u);
    EXPECT_EQ(bare.models[0].name, "mock-echo");

    const auto with_openai = default_config(fake_env({{"OPENAI_API_KEY", "sk-live"}}));
    ASSERT_EQ(with_openai.providers.size(), 2u);
    EXPECT_EQ(with_openai.providers[1].api_key, "sk-live");
    EXPECT_GT(with_openai.models.size(), 1u);
}

TEST(ApplyListen, AcceptsHostPortAndBracketedIpv6) {
    GatewayConfig config;
    apply_listen(config, "[::1]:9000", "--listen");
    EXPECT_EQ(config.listen_host, "::1");
    EXPECT_EQ(config.listen_port, 9000);
    EXPECT_THROW(apply_listen(config, "localhost", "--listen"), ConfigError);
    EXPECT_THROW(apply_listen(config, "h:99999", "--listen"), ConfigError);
}

}  // namespace
}  // namespace llmgw::infrastructure

namespace llmgw::infrastructure {
namespace {

std::string config_file_text(const std::string& path) {
    std::ifstream file(path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

const std::string auth_yaml = valid_yaml + R"(teams:
  - { name: search, models: ["gpt-*"] }
projects:
  - { name: ranking }
auth:
  admin_key_env: ADMIN_KEY
  keys:
    - id: ranker
      key_env: RANKER_KEY
      team: search
      project: ranking
      user: svc-ranker
      models: [gpt-4.1-mini, "claude-*"]
      expires_at: 2027-06-30T00:00:00Z
    - { id: issued, key_sha256: BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD, team: search }
)";

const std::map<std::string, std::string> auth_env{
    {"OPENAI_API_KEY", "sk-test"}, {"ADMIN_KEY", "admin-secret-1"}, {"RANKER_KEY", "ranker-secret-1"}};

TEST(LoadAuthConfig, ReadsKeysTeamsAndProjects) {
    const auto config = load_config_text(auth_yaml, "gateway.yaml", fake_env(auth_env));
    const auto& auth = config.auth;
    EXPECT_TRUE(auth.enabled);
    ASSERT_TRUE(auth.admin);
    EXPECT_EQ(auth.admin->digest, sha256_of("admin-secret-1"));
    ASSERT_EQ(auth.keys.size(), 2u);
    const auto& ranker = auth.keys[0];
    EXPECT_EQ(ranker.id, "ranker");
    EXPECT_EQ(ranker.digest, sha256_of("ranker-secret-1"));
    EXPECT_EQ(ranker.team, "search");
    EXPECT_EQ(ranker.project, "ranking");
    EXPECT_EQ(ranker.user, "svc-ranker");
    EXPECT_EQ(ranker.models, (std::vector<std::string>{"gpt-4.1-mini", "claude-*"}));
    ASSERT_TRUE(ranker.expires_at);
    EXPECT_EQ(*ranker.expires_at, std::chrono::sys_days(std::chrono::year(2027) / 6 / 30));
    EXPECT_EQ(auth.keys[1].digest, sha256_of("abc"));
    EXPECT_FALSE(auth.keys[1].models) << "the team's list applies";
    ASSERT_EQ(auth.teams.size(), 1u);
    EXPECT_EQ(auth.teams[0].models, (std::vector<std::string>{"gpt-*"}));
    EXPECT_EQ(auth.projects, (std::vector<std::string>{"ranking"}));
}

TEST(LoadConfig, TheExampleFileLoads) {
    const auto config = load_config_file(LLMGW_SOURCE_DIR "/gateway.example.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}}));
    EXPECT_FALSE(config.models.empty());
    EXPECT_FALSE(config.auth.enabled) << "the example's auth section is commented out";
    auto with_auth = config_file_text(LLMGW_SOURCE_DIR "/gateway.example.yaml");
    for (const char* section : {"# auth:", "# alerts:", "# telemetry:", "# guardrails:", "# shared_state:"}) {
        for (std::size_t at = 0; (at = with_auth.find(section)) != std::string::npos;) with_auth.erase(at, 2);
    }
    for (const char* line : {"#   ", "#     "}) {
        for (std::size_t at = 0; (at = with_auth.find(line, at)) != std::string::npos;) with_auth.erase(at, 1);
    }
    const auto keyed = load_config_text(with_auth, "gateway.example.yaml",
                                        fake_env({{"OPENAI_API_KEY", "sk-test"}, {"LLMGW_ADMIN_KEY", "admin-1"},
                                                  {"LLMGW_KEY_SEARCH", "search-1"},
                                                  {"LLMGW_REDIS_URL", "redis://127.0.0.1:6379"},
                                                  {"LLMGW_ALERT_WEBHOOK_URL", "https://alerts.example.com/llmgw"}}));
    EXPECT_TRUE(keyed.auth.enabled) << "and works once uncommented";
    EXPECT_EQ(keyed.guardrails.policies.size(), 1u);
    EXPECT_TRUE(keyed.shared_state.redis);
    EXPECT_EQ(keyed.auth.keys.size(), 2u);
    EXPECT_EQ(keyed.alerts.webhook_url, "https://alerts.example.com/llmgw");
    EXPECT_EQ(keyed.telemetry.tracing.endpoint, "http://localhost:4318/v1/traces");
}

TEST(LoadAuthConfig, WithoutAnAuthSectionTheGatewayIsOpen) {
    const auto config = load_config_text(valid_yaml, "gateway.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}}));
    EXPECT_FALSE(config.auth.enabled);
}

TEST(LoadAuthConfig, RefusesKeysThatCannotBeChecked) {
    const auto error_with = [](const std::string& from, const std::string& to,
                               std::map<std::string, std::string> env = auth_env) {
        auto yaml = auth_yaml;
        yaml.replace(yaml.find(from), from.size(), to);
        return load_error(yaml, std::move(env));
    };
    auto no_secret = auth_env;
    no_secret.erase("RANKER_KEY");
    EXPECT_NE(error_with("", "", no_secret).find("`RANKER_KEY` is not set"), std::string::npos);
    EXPECT_NE(error_with("key_sha256: BA78", "key_sha256: XX78").find("64 hexadecimal digits"), std::string::npos);
    EXPECT_NE(error_with("key_sha256: BA78", "key_env: RANKER_KEY, key_sha256: BA78").find("exactly one of"),
              std::string::npos);
    EXPECT_NE(error_with("id: issued", "id: ranker").find("must both be unique"), std::string::npos);
    EXPECT_NE(error_with("team: search }", "team: serch }").find("no team is named `serch`"), std::string::npos);
    EXPECT_NE(error_with("2027-06-30T00:00:00Z", "next summer").find("RFC 3339"), std::string::npos);
    EXPECT_NE(error_with("2027-06-30T00:00:00Z", "2027-02-30T00:00:00Z").find("RFC 3339"), std::string::npos);
}

TEST(LoadBudgetConfig, ReadsTheBudgetsOfKeysTeamsProjectsTheGatewayAndEndUsers) {
    auto yaml = auth_yaml;
    yaml.replace(yaml.find("- { name: ranking }"), 19, "- { name: ranking, budgets: [{ limit_usd: 200, period: monthly }] }");
    yaml.replace(yaml.find("      expires_at: 2027"), 0, "      budgets: [{ limit_usd: 50 }, { limit_usd: 0.000000001, period: total }]\n");
    yaml += "budgets: [{ limit_usd: 5000.5, period: weekly }]\nend_user_budget: { limit_usd: 2.25, period: daily }\n";
    const auto config = load_config_text(yaml, "gateway.yaml", fake_env(auth_env));
    using domain::BudgetPeriod;
    using domain::BudgetScope;
    std::vector<std::tuple<BudgetScope, std::string, BudgetPeriod, std::int64_t>> owned;
    for (const auto& budget : config.budgets.owned) owned.emplace_back(budget.scope, budget.owner, budget.period, budget.limit.value);
    EXPECT_THAT(owned, ::testing::UnorderedElementsAre(
                           std::tuple{BudgetScope::project, "ranking", BudgetPeriod::monthly, 200'000'000'000},
                           std::tuple{BudgetScope::key, "ranker", BudgetPeriod::monthly, 50'000'000'000},
                           std::tuple{BudgetScope::key, "ranker", BudgetPeriod::total, 1},
                           std::tuple{BudgetScope::global, "", BudgetPeriod::weekly, 5'000'500'000'000}));
    ASSERT_EQ(config.budgets.end_user_defaults.size(), 1u);
    EXPECT_EQ(config.budgets.end_user_defaults[0].limit.value, 2'250'000'000) << "dollars, exactly, in nano-dollars";
    EXPECT_EQ(config.budgets.end_user_defaults[0].period, BudgetPeriod::daily);
}

TEST(LoadBudgetConfig, RefusesBudgetsThatCannotBeKept) {
    const auto error = [](const std::string& budgets) { return load_error(valid_yaml + "budgets: " + budgets + "\n"); };
    EXPECT_NE(error("[{ limit_usd: 1e3 }]").find("at most 9 decimals"), std::string::npos);
    EXPECT_NE(error("[{ limit_usd: -5 }]").find("at most 9 decimals"), std::string::npos);
    EXPECT_NE(error("[{ limit_usd: 0.0000000001 }]").find("at most 9 decimals"), std::string::npos);
    EXPECT_NE(error("[{ limit_usd: 5, period: yearly }]").find("daily, weekly, monthly or total"), std::string::npos);
    EXPECT_NE(error("[{ period: daily }]").find("limit_usd: missing required field"), std::string::npos);
    EXPECT_NE(error("{ limit_usd: 5 }").find("expected a list of budgets"), std::string::npos);
    EXPECT_NE(error("[{ limit_usd: 5, per: day }]").find("unknown key"), std::string::npos);
}

TEST(LoadAuthConfig, ReadsRfc3339OffsetsAndFractions) {
    auto yaml = auth_yaml;
    yaml.replace(yaml.find("2027-06-30T00:00:00Z"), 20, "2027-06-30T02:00:00.250+02:00");
    const auto config = load_config_text(yaml, "gateway.yaml", fake_env(auth_env));
    EXPECT_EQ(*config.auth.keys[0].expires_at,
              std::chrono::sys_days(std::chrono::year(2027) / 6 / 30) + std::chrono::milliseconds(250));
}

TEST(LoadLedgerConfig, DefaultsToASqliteFileUnderData) {
    const auto config = load_config_text(valid_yaml, "gateway.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}}));
    EXPECT_EQ(config.ledger.kind, LedgerConfig::Kind::sqlite);
    EXPECT_EQ(config.ledger.path, "./data/llmgw.db");
    EXPECT_EQ(config.ledger.flush_interval, std::chrono::milliseconds(200));
    EXPECT_FALSE(config.ledger.drop_when_full) << "on_ledger_full: reject";
}

TEST(LoadLedgerConfig, ReadsPostgresFromTheEnvironmentAndEveryKnob) {
    const auto config = load_config_text(
        valid_yaml + "ledger: { kind: postgres, dsn_env: PG_DSN, flush_ms: 50, batch_rows: 100, queue_rows: 5000, "
                     "on_ledger_full: drop }\n",
        "gateway.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}, {"PG_DSN", "host=db password=pw"}}));
    EXPECT_EQ(config.ledger.kind, LedgerConfig::Kind::postgres);
    EXPECT_EQ(config.ledger.dsn, "host=db password=pw");
    EXPECT_EQ(config.ledger.flush_interval, std::chrono::milliseconds(50));
    EXPECT_EQ(config.ledger.batch_rows, 100u);
    EXPECT_EQ(config.ledger.queue_rows, 5000u);
    EXPECT_TRUE(config.ledger.drop_when_full);
    const auto top_level = load_config_text(valid_yaml + "on_ledger_full: drop\n", "gateway.yaml",
                                            fake_env({{"OPENAI_API_KEY", "sk-test"}}));
    EXPECT_TRUE(top_level.ledger.drop_when_full) << "also accepted at the top level";
}

TEST(LoadLedgerConfig, RefusesWhatCannotBeOpened) {
    const auto error = [](const std::string& ledger) { return load_error(valid_yaml + ledger + "\n"); };
    EXPECT_NE(error("ledger: { kind: mysql }").find("expected sqlite, postgres or memory"), std::string::npos);
    EXPECT_NE(error("ledger: { kind: postgres }").find("needs dsn_env"), std::string::npos);
    EXPECT_NE(error("ledger: { kind: postgres, dsn_env: UNSET_DSN }").find("`UNSET_DSN` is not set"), std::string::npos);
    EXPECT_NE(error("ledger: { kind: postgres, dsn_env: X, path: a.db }").find("a path is for kind sqlite"),
              std::string::npos);
    EXPECT_NE(error("ledger: { path: '' }").find("must not be empty"), std::string::npos);
    EXPECT_NE(error("ledger: { flush_ms: 0 }").find("between 1 and"), std::string::npos);
    EXPECT_NE(error("ledger: { on_ledger_full: wait }").find("expected reject or drop"), std::string::npos);
    EXPECT_NE(error("ledger: { flush: 5 }").find("unknown key"), std::string::npos);
}

TEST(LoadAlertsConfig, DefaultsToTheThreeThresholdsAndNoWebhook) {
    const auto config = load_config_text(valid_yaml, "gateway.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}}));
    EXPECT_EQ(config.alerts.thresholds, (std::vector<int>{50, 80, 100}));
    EXPECT_TRUE(config.alerts.webhook_url.empty());
}

TEST(LoadAlertsConfig, ReadsThresholdsAndAWebhookWhoseSecretsComeFromTheEnvironment) {
    const auto config = load_config_text(
        valid_yaml + "alerts: { thresholds: [90, 25], webhook_url_env: HOOK_URL, webhook_token_env: HOOK_TOKEN, "
                     "webhook_max_attempts: 3, source: /llmgw/eu-west }\n",
        "gateway.yaml",
        fake_env({{"OPENAI_API_KEY", "sk-test"},
                  {"HOOK_URL", "https://hooks.example.com/services/T0/B0/secret"},
                  {"HOOK_TOKEN", "tok-123"}}));
    EXPECT_EQ(config.alerts.thresholds, (std::vector<int>{90, 25}));
    EXPECT_EQ(config.alerts.webhook_url, "https://hooks.example.com/services/T0/B0/secret");
    EXPECT_TRUE(config.alerts.webhook_url_secret);
    EXPECT_EQ(config.alerts.webhook_token, "tok-123");
    EXPECT_EQ(config.alerts.webhook_max_attempts, 3);
    EXPECT_EQ(config.alerts.source, "/llmgw/eu-west");
    const auto plain = load_config_text(valid_yaml + "alerts: { webhook_url: 'http://127.0.0.1:9/alerts' }\n",
                                        "gateway.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}}));
    EXPECT_EQ(plain.alerts.webhook_url, "http://127.0.0.1:9/alerts");
    EXPECT_FALSE(plain.alerts.webhook_url_secret);
}

TEST(LoadAlertsConfig, RefusesAlertsThatCannotBeSent) {
    const auto error = [](const std::string& alerts) { return load_error(valid_yaml + alerts + "\n"); };
    EXPECT_NE(error("alerts: { thresholds: [0] }").find("between 1 and"), std::string::npos);
    EXPECT_NE(error("alerts: { thresholds: [80, 80] }").find("listed twice"), std::string::npos);
    EXPECT_NE(error("alerts: { thresholds: 80 }").find("expected a list"), std::string::npos);
    const auto bad_url = error("alerts: { webhook_url: 'ftp://hooks/s3cr3t-path' }");
    EXPECT_NE(bad_url.find("must be an http:// or https:// URL"), std::string::npos);
    EXPECT_EQ(bad_url.find("s3cr3t"), std::string::npos) << "a URL may hold a secret: " << bad_url;
    EXPECT_NE(error("alerts: { webhook_url: 'http://a/', webhook_url_env: B }").find("not both"), std::string::npos);
    EXPECT_NE(error("alerts: { webhook_url_env: UNSET_HOOK }").find("`UNSET_HOOK` is not set"), std::string::npos);
    EXPECT_NE(error("alerts: { webhook_token_env: OPENAI_API_KEY }").find("needs a webhook URL"), std::string::npos);
    EXPECT_NE(error("alerts: { webhook: x }").find("unknown key"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::infrastructure
