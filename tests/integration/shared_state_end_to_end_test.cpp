// `shared_state: { kind: redis }` through two built gateways and one
// redis-server started by the test: together they admit no more than one
// limit and spend no more than one budget, and with Redis unreachable
// `on_down` decides: this instance's counters (told once in the log,
// counted in the metrics) or 503 shared_state_unavailable.

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <thread>

#include <boost/json/parse.hpp>

#include "database_queries.hpp"
#include "free_port.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"
#include "metric_sample.hpp"
#include "redis_server.hpp"

namespace llmgw::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

constexpr const char* ranker_key = "gw-ranker-key-0123456789";

// "hi" with max_tokens 1 is reserved at 2000 n$ and the mock bills exactly
// that: the team's budget has room for ten calls. The key may make 10
// requests an hour: the window refills by none while the test runs.
std::string config_for(const std::string& shared_state) {
    return "providers: [{ name: mock, kind: mock }]\n"
           "models:\n"
           "  - { name: mock-echo, provider: mock, pricing: { input_per_mtok: 1.00, output_per_mtok: 1.00 } }\n"
           "shared_state: " + shared_state + "\n"
           "auth:\n"
           "  keys:\n"
           "    - { id: search-ranker, key_env: KEY_RANKER, team: search, rate_limits: [{ rph: 10 }] }\n"
           "teams:\n"
           "  - { name: search, budgets: [{ limit_usd: 0.00002, period: monthly }] }\n";
}

TestResponse chat(unsigned short port) {
    return http_request(port, http::verb::post, "/v1/chat/completions",
                        R"({"model":"mock-echo","max_tokens":1,"messages":[{"role":"user","content":"hi"}]})",
                        {{"content-type", "application/json"}, {"authorization", std::string("Bearer ") + ranker_key}});
}

// Sends `calls` chats at once, every other one to each gateway; returns
// how many were served. Every other one must be a 429 with `refusal`.
int race(int calls, unsigned short east, unsigned short west, const char* refusal) {
    std::atomic<int> served{0};
    std::vector<std::thread> callers;
    for (int i = 0; i < calls; ++i) {
        callers.emplace_back([&, port = i % 2 == 0 ? east : west] {
            const auto response = chat(port);
            if (response.result_int() == 200) {
                ++served;
                return;
            }
            EXPECT_EQ(response.result_int(), 429) << response.body();
            EXPECT_EQ(json::parse(response.body()).at("error").at("code"), refusal);
        });
    }
    for (auto& caller : callers) caller.join();
    return served;
}

class SharedStateEndToEnd : public ::testing::Test {
protected:
    RedisServer redis{"shared-secret-pass"};
    const std::vector<std::pair<std::string, std::string>> environment{{"KEY_RANKER", ranker_key},
                                                                       {"LLMGW_REDIS_URL", redis.url()}};
    const std::string shared = "{ kind: redis, url_env: LLMGW_REDIS_URL, on_down: reject }";
};

TEST_F(SharedStateEndToEnd, TwoGatewaysTogetherAdmitOneLimitNotTwo) {
    // The budget is not the limit here: the key's requests are.
    const auto config = config_for(shared);
    const auto without_budget = config.substr(0, config.find("teams:"));
    GatewayProcess east(without_budget, environment);
    GatewayProcess west(without_budget, environment);
    const auto served = race(40, east.port(), west.port(), "rate_limit_exceeded");
    EXPECT_EQ(served, 10) << "40 at once across both, 10 an hour for the key";
    for (auto* gateway : {&east, &west}) {
        EXPECT_EQ(gateway->log().find("shared-secret-pass"), std::string::npos) << "the password is never logged";
    }
}

TEST_F(SharedStateEndToEnd, AHundredConcurrentCallsAcrossTwoGatewaysNeverOverspendOneBudget) {
    // Requests are not the limit here: the budget is.
    const auto config = config_for(shared);
    const auto unlimited = config.substr(0, config.find(", rate_limits")) + " }\n" +
                           config.substr(config.find("teams:"));
    GatewayProcess east(unlimited, environment);
    GatewayProcess west(unlimited, environment);
    const auto served = race(100, east.port(), west.port(), "budget_exceeded");
    EXPECT_EQ(served, 10) << "and the other 90 refused";
    std::int64_t spent = 0;
    for (auto* gateway : {&east, &west}) {
        ASSERT_EQ(gateway->stop(SIGTERM), 0) << gateway->log();
        spent += std::stoll(sqlite_query(gateway->ledger_path(), "SELECT coalesce(sum(cost_nanousd), 0) FROM ledger")[0][0]);
    }
    EXPECT_EQ(spent, 20'000) << "the whole budget, and not a nano-dollar more";
}

TEST(SharedStateDown, WithOnDownRejectEveryCallIsRefusedWith503) {
    const auto nowhere = "redis://127.0.0.1:" + std::to_string(free_port());
    GatewayProcess gateway(config_for("{ kind: redis, url_env: LLMGW_REDIS_URL, on_down: reject, timeout_ms: 200 }"),
                           {{"KEY_RANKER", ranker_key}, {"LLMGW_REDIS_URL", nowhere}});
    const auto refused = chat(gateway.port());
    ASSERT_EQ(refused.result_int(), 503) << refused.body();
    const auto error = json::parse(refused.body()).at("error");
    EXPECT_EQ(error.at("code"), "shared_state_unavailable");
    EXPECT_EQ(error.at("type"), "api_error");
    EXPECT_EQ(refused[http::field::retry_after], "1");
    EXPECT_TRUE(gateway.wait_for_log("shared_state_unavailable"));
    const auto metrics = http_request(gateway.port(), http::verb::get, "/metrics", {}, {}).body();
    EXPECT_EQ(metric_sample(metrics, R"(llm_shared_state_unavailable_total{store="rate_limits",action="reject"})"), 1)
        << metrics;
}

TEST(SharedStateDown, WithOnDownLocalThisGatewayCountsAloneAndSaysSoOnce) {
    const auto nowhere = "redis://127.0.0.1:" + std::to_string(free_port());
    GatewayProcess gateway(config_for("{ kind: redis, url_env: LLMGW_REDIS_URL, on_down: local, timeout_ms: 200 }"),
                           {{"KEY_RANKER", ranker_key}, {"LLMGW_REDIS_URL", nowhere}});
    int served = 0;
    for (int i = 0; i < 12; ++i) served += chat(gateway.port()).result_int() == 200;
    EXPECT_EQ(served, 10) << "the local counters still enforce the limit";
    ASSERT_TRUE(gateway.wait_for_log("shared_state_unavailable"));
    const auto log = gateway.log();
    std::size_t warnings = 0;
    constexpr std::string_view warning = R"("event":"shared_state_unavailable")";
    for (auto at = log.find(warning); at != std::string::npos; at = log.find(warning, at + 1)) {
        ++warnings;
    }
    EXPECT_EQ(warnings, 2u) << "once for the rate limits, once for the budgets: " << log;
    const auto metrics = http_request(gateway.port(), http::verb::get, "/metrics", {}, {}).body();
    EXPECT_EQ(metric_sample(metrics, R"(llm_shared_state_unavailable_total{store="rate_limits",action="local"})"), 12)
        << metrics;
}

}  // namespace
}  // namespace llmgw::testing
