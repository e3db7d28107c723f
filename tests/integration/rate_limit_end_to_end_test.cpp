// Rate limits through the built gateway: OpenAI's x-ratelimit-* headers on
// every answer (streams before their first event), a refusal as OpenAI
// gives one (429, rate_limit_exceeded, its type, Retry-After), the ledger's
// row of a refusal and the refusals counted by scope; a request whose worst
// case could never fit a token limit.

#include <gtest/gtest.h>

#include <csignal>
#include <thread>

#include <boost/json/parse.hpp>

#include "database_queries.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"
#include "metric_sample.hpp"

namespace llmgw::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

constexpr const char* ranker_key = "gw-ranker-key-0123456789";

class RateLimitEndToEnd : public ::testing::Test {
protected:
    GatewayProcess gateway{"providers: [{ name: mock, kind: mock }]\n"
                           "models:\n"
                           "  - { name: mock-echo, provider: mock }\n"
                           "auth:\n"
                           "  keys:\n"
                           "    - id: search-ranker\n"
                           "      key_env: KEY_RANKER\n"
                           "      team: search\n"
                           "      rate_limits: [{ rpm: 3, tpm: 1000 }]\n",
                           {{"KEY_RANKER", ranker_key}}};

    TestResponse chat(const std::string& extra = {}) {
        return http_request(gateway.port(), http::verb::post, "/v1/chat/completions",
                            R"({"model":"mock-echo","max_tokens":100,"messages":[{"role":"user","content":"count these words"}])" +
                                extra + "}",
                            {{"content-type", "application/json"}, {"authorization", std::string("Bearer ") + ranker_key}});
    }
};

TEST_F(RateLimitEndToEnd, EveryAnswerTellsTheLimitsAndTheFourthRequestIsRefusedAsOpenAiDoes) {
    const auto first = chat();
    ASSERT_EQ(first.result_int(), 200) << first.body();
    EXPECT_EQ(first["x-ratelimit-limit-requests"], "3");
    EXPECT_EQ(first["x-ratelimit-remaining-requests"], "2");
    EXPECT_EQ(first["x-ratelimit-reset-requests"], "20s");
    EXPECT_EQ(first["x-ratelimit-limit-tokens"], "1000");
    // 100 tokens of answer and 5 of prompt (its bytes / 4) reserved.
    EXPECT_EQ(first["x-ratelimit-remaining-tokens"], "895");

    const auto streamed = chat(R"(,"stream":true)");
    ASSERT_EQ(streamed.result_int(), 200);
    EXPECT_EQ(streamed["x-ratelimit-remaining-requests"], "1") << "in the headers, before the first event";
    ASSERT_EQ(chat().result_int(), 200);

    const auto refused = chat();
    ASSERT_EQ(refused.result_int(), 429) << refused.body();
    const auto error = json::parse(refused.body()).at("error");
    EXPECT_EQ(error.at("code"), "rate_limit_exceeded");
    EXPECT_EQ(error.at("type"), "requests");
    EXPECT_NE(std::string(error.at("message").as_string()).find("3 requests per minute for key search-ranker"),
              std::string::npos)
        << error;
    const auto retry_after = std::stoi(std::string(refused[http::field::retry_after]));
    EXPECT_GE(retry_after, 19);
    EXPECT_LE(retry_after, 20);
    EXPECT_EQ(refused["x-ratelimit-remaining-requests"], "0");

    const auto metrics = http_request(gateway.port(), http::verb::get, "/metrics", {}, {}).body();
    EXPECT_EQ(metric_sample(metrics, R"(llm_rate_limit_refusals_total{scope="key",type="requests"})"), 1) << metrics;

    ASSERT_EQ(gateway.stop(SIGTERM), 0);
    const auto rows = sqlite_query(gateway.ledger_path(),
                                   "SELECT status, error_code, attempts FROM ledger WHERE status = 429");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"429", "rate_limit_exceeded", "0"}));
}

TEST_F(RateLimitEndToEnd, ARequestWhoseWorstCaseExceedsATokenLimitIsRefusedForGood) {
    const auto long_one = http_request(
        gateway.port(), http::verb::post, "/v1/chat/completions",
        R"({"model":"mock-echo","max_tokens":2000,"messages":[{"role":"user","content":"hi"}]})",
        {{"content-type", "application/json"}, {"authorization", std::string("Bearer ") + ranker_key}});
    ASSERT_EQ(long_one.result_int(), 429) << long_one.body();
    const auto error = json::parse(long_one.body()).at("error");
    EXPECT_EQ(error.at("code"), "rate_limit_exceeded");
    EXPECT_EQ(error.at("type"), "tokens");
    EXPECT_EQ(long_one.find(http::field::retry_after), long_one.end()) << "waiting would not help";
    EXPECT_EQ(chat().result_int(), 200) << "it took nothing from the limits";
}

}  // namespace
}  // namespace llmgw::testing
