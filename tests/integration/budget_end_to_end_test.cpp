// Budgets end to end: the built gateway with the mock provider, callers
// racing for a budget's last dollars, and a restart that must not hand
// anyone a fresh budget.

#include <gtest/gtest.h>

#include <csignal>
#include <set>
#include <thread>

#include <boost/json/parse.hpp>

#include "database_queries.hpp"
#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;
namespace http = boost::beast::http;

// "hi" with max_tokens 1 is reserved at 1 prompt + 1 completion token and
// the mock bills exactly that: at $1 per million tokens, 2000 n$ a call. The
// team's budget has room for ten calls.
constexpr std::int64_t call_cost = 2'000;
std::string config_with_ledger(const std::string& ledger_path) {
    return R"(
providers: [{ name: mock, kind: mock }]
models:
  - { name: mock-echo, provider: mock, pricing: { input_per_mtok: 1.00, output_per_mtok: 1.00 } }
auth:
  keys:
    - { id: ranker, key_env: TEST_RANKER_KEY, team: search }
teams:
  - { name: search, budgets: [{ limit_usd: 0.00002, period: monthly }] }
ledger: { kind: sqlite, path: )" + ledger_path + R"(, flush_ms: 20 }
)";
}
const std::vector<std::pair<std::string, std::string>> ranker_key{{"TEST_RANKER_KEY", "sk-ranker-1"}};
const std::string one_token_chat = R"({"model":"mock-echo","max_tokens":1,"messages":[{"role":"user","content":"hi"}]})";

TestResponse call(unsigned short port) {
    return http_request(port, http::verb::post, "/v1/chat/completions", one_token_chat,
                        {{"content-type", "application/json"}, {"authorization", "Bearer sk-ranker-1"}});
}

class BudgetEndToEnd : public ::testing::Test {
protected:
    ~BudgetEndToEnd() override {
        for (const char* suffix : {"", "-wal", "-shm"}) std::remove((ledger_path + suffix).c_str());
    }
    std::string ledger_path = "/tmp/llmgw-budget-" + std::to_string(::getpid()) + "-" +
                              ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db";
};

TEST_F(BudgetEndToEnd, AHundredConcurrentCallsNeverOverspendAndEveryAffordableOneIsServed) {
    GatewayProcess gateway(config_with_ledger(ledger_path), ranker_key);
    std::atomic<int> served{0};
    std::atomic<int> refused{0};
    std::vector<std::thread> callers;
    for (int i = 0; i < 100; ++i) {
        callers.emplace_back([&] {
            const auto response = call(gateway.port());
            if (response.result_int() == 200) {
                ++served;
                return;
            }
            EXPECT_EQ(response.result_int(), 429) << response.body();
            const auto error = json::parse(response.body()).at("error");
            EXPECT_EQ(error.at("type"), "insufficient_quota");
            EXPECT_EQ(error.at("code"), "budget_exceeded");
            EXPECT_NE(std::string(error.at("message").as_string()).find("team `search`"), std::string::npos);
            EXPECT_FALSE(response["retry-after"].empty()) << "until the month is over";
            ++refused;
        });
    }
    for (auto& caller : callers) caller.join();
    EXPECT_EQ(served, 10);
    EXPECT_EQ(refused, 90);
    ASSERT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();
    EXPECT_EQ(sqlite_query(ledger_path, "SELECT sum(cost_nanousd), count(*) FROM ledger WHERE status = 200")[0],
              (std::vector<std::string>{std::to_string(10 * call_cost), "10"}));
    EXPECT_EQ(sqlite_query(ledger_path, "SELECT count(*) FROM ledger WHERE error_code = 'budget_exceeded'")[0][0], "90");
}

TEST_F(BudgetEndToEnd, ARestartKeepsWhatWasSpentThisPeriod) {
    {
        GatewayProcess gateway(config_with_ledger(ledger_path), ranker_key);
        for (int i = 0; i < 7; ++i) ASSERT_EQ(call(gateway.port()).result_int(), 200);
        ASSERT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();
    }
    GatewayProcess restarted(config_with_ledger(ledger_path), ranker_key);
    for (int i = 0; i < 3; ++i) EXPECT_EQ(call(restarted.port()).result_int(), 200);
    EXPECT_EQ(call(restarted.port()).result_int(), 429) << "seven before the restart, three after: the budget is spent";

    const auto budgets = http_request(restarted.port(), http::verb::get, "/v1/budgets", {},
                                      {{"authorization", "Bearer sk-ranker-1"}});
    ASSERT_EQ(budgets.result_int(), 200) << budgets.body();
    const auto data = json::parse(budgets.body()).at("data").as_array();
    ASSERT_EQ(data.size(), 1u) << budgets.body();
    const auto& team = data[0].as_object();
    EXPECT_EQ(team.at("scope"), "team");
    EXPECT_EQ(team.at("owner"), "search");
    EXPECT_EQ(team.at("period"), "monthly");
    EXPECT_EQ(team.at("limit_nanousd"), 20'000);
    EXPECT_EQ(team.at("spent_nanousd"), 10 * call_cost);
    EXPECT_NE(budgets.body().find(R"("spent_usd":0.00002,)"), std::string::npos) << "exact decimal dollars: " << budgets.body();
    EXPECT_EQ(team.at("remaining_usd"), 0);
    EXPECT_EQ(team.at("percent"), 100.0);
    EXPECT_TRUE(team.at("resets_at").is_string());
}

TEST_F(BudgetEndToEnd, EachThresholdCrossingIsPostedOnceToTheAlertWebhook) {
    FakeUpstream receiver([](const UpstreamRequest&) { return FakeReply{.status = 204}; });
    const auto config = config_with_ledger(ledger_path) + "alerts: { webhook_url: 'http://127.0.0.1:" +
                        std::to_string(receiver.port()) + "/alerts', webhook_token_env: TEST_HOOK_TOKEN }\n";
    auto environment = ranker_key;
    environment.emplace_back("TEST_HOOK_TOKEN", "hook-token-0123456789");
    GatewayProcess gateway(config, environment);
    for (int i = 0; i < 10; ++i) ASSERT_EQ(call(gateway.port()).result_int(), 200);
    ASSERT_TRUE(receiver.wait_for([&] { return receiver.request_count() >= 3; })) << gateway.log();

    std::set<std::int64_t> thresholds;
    for (const auto& request : receiver.requests()) {
        EXPECT_EQ(request[http::field::authorization], "Bearer hook-token-0123456789");
        const auto event = json::parse(request.body());
        EXPECT_EQ(event.at("type"), "io.llmgw.budget.threshold");
        EXPECT_EQ(event.at("subject"), "team:search:monthly");
        thresholds.insert(event.at("data").at("threshold_percent").as_int64());
    }
    EXPECT_EQ(thresholds, (std::set<std::int64_t>{50, 80, 100}));
    ASSERT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();
    EXPECT_EQ(receiver.request_count(), 3u) << "once per crossing";
    EXPECT_EQ(gateway.log().find("hook-token-0123456789"), std::string::npos) << "the token is never logged";
}

}  // namespace
}  // namespace llmgw::testing
