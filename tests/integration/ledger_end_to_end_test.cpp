// The durable ledger end to end: the built gateway, a fake OpenAI upstream
// reporting exact usage, and the rows a finance query finds afterwards in
// the SQLite file (the default) or a PostgreSQL server of the test's own.

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <thread>

#include <boost/json/parse.hpp>

#include "database_queries.hpp"
#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"
#include "postgres_server.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;
namespace http = boost::beast::http;

// 1000 prompt tokens of which 200 from OpenAI's prompt cache, 500
// completion tokens of which 100 reasoning: at $0.40 / $0.10 cached / $1.60
// per million, 800 * 400 + 200 * 100 + 500 * 1600 nano-dollars.
constexpr const char* upstream_usage =
    R"({"prompt_tokens":1000,"completion_tokens":500,"total_tokens":1500,)"
    R"("prompt_tokens_details":{"cached_tokens":200},"completion_tokens_details":{"reasoning_tokens":100}})";
constexpr std::int64_t call_cost = 800 * 400 + 200 * 100 + 500 * 1600;

std::string chunk(const std::string& delta, const std::string& finish = "null", const std::string& usage = "null") {
    return R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4.1-mini","choices":[{"index":0,"delta":)" +
           delta + R"(,"logprobs":null,"finish_reason":)" + finish + R"(}],"usage":)" + usage + "}\n\n";
}

// Answers "fail" with a 500, "slow" with a stream that never ends, anything
// else plainly or streamed, always with `upstream_usage`.
FakeReply priced_upstream(const UpstreamRequest& request) {
    const auto body = json::parse(request.body());
    const std::string text(body.at("messages").as_array().back().at("content").as_string());
    if (text == "fail") return FakeReply{.status = 500, .body = R"({"error":{"message":"boom","type":"server_error"}})"};
    const bool stream = body.as_object().contains("stream");
    if (!stream) {
        return FakeReply{.body = R"({"id":"chatcmpl-up","object":"chat.completion","created":1700000000,"model":"gpt-4.1-mini",)"
                                 R"("choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],"usage":)" +
                                 std::string(upstream_usage) + "}"};
    }
    std::vector<std::string> pieces{chunk(R"({"role":"assistant","content":""})")};
    for (int i = 0; i < (text == "slow" ? 2000 : 2); ++i) pieces.push_back(chunk(R"({"content":"word "})"));
    pieces.push_back(chunk("{}", R"("stop")"));
    pieces.push_back(R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4.1-mini","choices":[],"usage":)" +
                     std::string(upstream_usage) + "}\n\n");
    pieces.push_back("data: [DONE]\n\n");
    return FakeReply{.content_type = "text/event-stream",
                     .pieces = pieces,
                     .delay_between_pieces = std::chrono::milliseconds(text == "slow" ? 20 : 0)};
}

std::string config_for(const FakeUpstream& upstream, const std::string& ledger = {}) {
    return R"(
providers:
  - { name: upstream, kind: openai_compatible, base_url: )" + upstream.base_url() + R"(, retry: { max_attempts: 1 } }
  - { name: mock, kind: mock }
models:
  - name: fast
    provider: upstream
    upstream_model: gpt-4.1-mini
    pricing: { input_per_mtok: 0.40, cached_input_per_mtok: 0.10, output_per_mtok: 1.60 }
  - { name: mock-echo, provider: mock }
cache: { enabled: true }
auth:
  keys:
    - { id: search-ranker, key_env: TEST_RANKER_KEY, team: search, project: ranking, models: [fast, mock-echo] }
)" + ledger;
}

const std::vector<std::pair<std::string, std::string>> ranker_key{{"TEST_RANKER_KEY", "sk-ranker-secret"}};

std::string chat(const std::string& model, const std::string& text, bool stream = false, const std::string& extra = {}) {
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":")" + text + R"("}])" +
           (stream ? R"(,"stream":true,"stream_options":{"include_usage":true})" : "") + extra + "}";
}

TestResponse post(unsigned short port, const std::string& body, const std::string& request_id) {
    return http_request(port, http::verb::post, "/v1/chat/completions", body,
                        {{"content-type", "application/json"},
                         {"authorization", "Bearer sk-ranker-secret"},
                         {"x-request-id", request_id},
                         {"x-llmgw-session-id", "session-9"},
                         {"x-llmgw-tags", "nightly,batch"}});
}

// The row of the request the caller named `client_id`, as
// {column: value} for the columns asked for.
std::map<std::string, std::string> row_of(const std::string& path, const std::string& client_id,
                                          const std::vector<std::string>& columns) {
    std::string list;
    for (const auto& column : columns) list += (list.empty() ? "" : ", ") + column;
    const auto rows = sqlite_query(path, "SELECT " + list + " FROM ledger WHERE client_request_id = '" + client_id + "'");
    EXPECT_EQ(rows.size(), 1u) << client_id;
    std::map<std::string, std::string> out;
    for (std::size_t i = 0; !rows.empty() && i < columns.size(); ++i) out[columns[i]] = rows[0][i];
    return out;
}

TEST(LedgerEndToEnd, EveryRequestLeavesOneRowWithItsExactCost) {
    FakeUpstream upstream(priced_upstream);
    GatewayProcess gateway(config_for(upstream), ranker_key);

    ASSERT_EQ(post(gateway.port(), chat("fast", "hello"), "plain").result_int(), 200);
    const auto streamed = post(gateway.port(), chat("fast", "hello", true), "streamed");
    ASSERT_EQ(streamed.result_int(), 200);
    EXPECT_EQ(post(gateway.port(), chat("fast", "fail"), "failed").result_int(), 502);
    EXPECT_EQ(post(gateway.port(), chat("gpt-4o", "hello"), "refused").result_int(), 403);
    const auto deterministic = R"(,"temperature":0)";
    ASSERT_EQ(post(gateway.port(), chat("fast", "again", false, deterministic), "first").result_int(), 200);
    ASSERT_EQ(post(gateway.port(), chat("fast", "again", false, deterministic), "cached").result_int(), 200);
    // A client that leaves a stream after its first words.
    const auto left = read_until_and_leave(
        gateway.port(),
        raw_post("/v1/chat/completions", chat("fast", "slow", true),
                 "authorization: Bearer sk-ranker-secret\r\nx-request-id: left\r\n"),
        "word");
    ASSERT_NE(left.find("200 OK"), std::string::npos) << left;
    ASSERT_TRUE(upstream.wait_for([&] { return upstream.abandoned_streams() == 1; }));
    ASSERT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();

    const auto path = gateway.ledger_path();
    EXPECT_EQ(sqlite_query(path, "SELECT count(*), count(DISTINCT request_id) FROM ledger")[0],
              (std::vector<std::string>{"7", "7"}));

    const std::vector<std::string> money{"status", "error_code", "cost_nanousd", "prompt_tokens", "completion_tokens",
                                         "cached_prompt_tokens", "reasoning_tokens", "usage_estimated", "cache_hit",
                                         "saved_nanousd", "attempts", "aborted", "stream"};
    const auto plain = row_of(path, "plain", money);
    EXPECT_EQ(plain, (std::map<std::string, std::string>{
                         {"status", "200"}, {"error_code", "NULL"}, {"cost_nanousd", std::to_string(call_cost)},
                         {"prompt_tokens", "1000"}, {"completion_tokens", "500"}, {"cached_prompt_tokens", "200"},
                         {"reasoning_tokens", "100"}, {"usage_estimated", "0"}, {"cache_hit", "0"},
                         {"saved_nanousd", "0"}, {"attempts", "1"}, {"aborted", "0"}, {"stream", "0"}}));
    const auto who = row_of(path, "plain", {"key_id", "team", "project", "session_id", "tags", "operation", "model",
                                            "served_model", "provider", "upstream_model"});
    EXPECT_EQ(who, (std::map<std::string, std::string>{
                       {"key_id", "search-ranker"}, {"team", "search"}, {"project", "ranking"},
                       {"session_id", "session-9"}, {"tags", "nightly,batch"}, {"operation", "chat"},
                       {"model", "fast"}, {"served_model", "fast"}, {"provider", "upstream"},
                       {"upstream_model", "gpt-4.1-mini"}}));

    const auto stream_row = row_of(path, "streamed", {"stream", "cost_nanousd", "ttft_ms", "status"});
    EXPECT_EQ(stream_row.at("stream"), "1");
    EXPECT_EQ(stream_row.at("cost_nanousd"), std::to_string(call_cost));
    EXPECT_NE(stream_row.at("ttft_ms"), "NULL");

    EXPECT_EQ(row_of(path, "failed", {"status", "error_code", "cost_nanousd", "attempts"}),
              (std::map<std::string, std::string>{
                  {"status", "502"}, {"error_code", "upstream_error"}, {"cost_nanousd", "0"}, {"attempts", "1"}}));
    EXPECT_EQ(row_of(path, "refused", {"status", "error_code", "attempts", "served_model", "model"}),
              (std::map<std::string, std::string>{{"status", "403"},
                                                  {"error_code", "model_not_allowed"},
                                                  {"attempts", "0"},
                                                  {"served_model", "NULL"},
                                                  {"model", "gpt-4o"}}));
    EXPECT_EQ(row_of(path, "cached", {"cache_hit", "cost_nanousd", "saved_nanousd", "attempts"}),
              (std::map<std::string, std::string>{
                  {"cache_hit", "1"}, {"cost_nanousd", "0"}, {"saved_nanousd", std::to_string(call_cost)},
                  {"attempts", "0"}}));

    // The provider bills what it streamed before the client left: estimated
    // from what was delivered, never nothing.
    const auto abandoned = row_of(path, "left", {"aborted", "status", "error_code", "usage_estimated", "cost_nanousd"});
    EXPECT_EQ(abandoned.at("aborted"), "1");
    EXPECT_EQ(abandoned.at("status"), "200") << "the client had its 200 and the first events";
    EXPECT_EQ(abandoned.at("error_code"), "client_closed");
    EXPECT_EQ(abandoned.at("usage_estimated"), "1");
    EXPECT_GT(std::stoll(abandoned.at("cost_nanousd")), 0);

    EXPECT_EQ(gateway.log().find("sk-ranker-secret"), std::string::npos);
}

TEST(LedgerEndToEnd, SigtermUnderLoadLosesNoRow) {
    FakeUpstream upstream(priced_upstream);
    GatewayProcess gateway(config_for(upstream, "ledger: { kind: sqlite, path: /tmp/llmgw-sigterm-" +
                                                    std::to_string(::getpid()) + ".db, flush_ms: 1000 }\n"),
                           ranker_key);
    const std::string path = "/tmp/llmgw-sigterm-" + std::to_string(::getpid()) + ".db";
    std::atomic<int> answered{0};
    std::atomic<bool> stopping{false};
    std::vector<std::thread> clients;
    for (int c = 0; c < 8; ++c) {
        clients.emplace_back([&, c] {
            for (int i = 0; !stopping; ++i) {
                try {
                    const auto id = "load-" + std::to_string(c) + "-" + std::to_string(i);
                    if (post(gateway.port(), chat("mock-echo", "hi"), id).result_int() == 200) ++answered;
                } catch (const std::exception&) {
                    return;  // the gateway stopped listening
                }
            }
        });
    }
    while (answered < 400) std::this_thread::yield();
    // Rows of the last second are still queued (flush_ms: 1000) when the
    // signal comes.
    EXPECT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();
    stopping = true;
    for (auto& client : clients) client.join();

    const auto booked = sqlite_query(path, "SELECT count(*) FROM ledger WHERE status = 200")[0][0];
    EXPECT_EQ(booked, std::to_string(answered.load())) << "every answered request has its row";
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

TEST(LedgerEndToEnd, APostgresLedgerTakesTheRowsOfEveryInstance) {
    PostgresServer server;
    FakeUpstream upstream(priced_upstream);
    auto environment = ranker_key;
    environment.emplace_back("TEST_PG_DSN", server.dsn());
    const auto config = config_for(upstream, "ledger: { kind: postgres, dsn_env: TEST_PG_DSN, flush_ms: 50 }\n");
    {
        GatewayProcess first(config, environment);
        GatewayProcess second(config, environment);
        for (int i = 0; i < 3; ++i) {
            // Each different: the cache would answer a repeat at no cost.
            const auto text = std::to_string(i);
            EXPECT_EQ(post(first.port(), chat("fast", "first " + text), "first-" + text).result_int(), 200);
            EXPECT_EQ(post(second.port(), chat("fast", "second " + text), "second-" + text).result_int(), 200);
        }
        EXPECT_EQ(first.stop(SIGTERM), 0) << first.log();
        EXPECT_EQ(second.stop(SIGTERM), 0) << second.log();
    }
    EXPECT_EQ(postgres_query(server.dsn(), "SELECT count(*), sum(cost_nanousd), count(DISTINCT request_id) FROM ledger")[0],
              (std::vector<std::string>{"6", std::to_string(6 * call_cost), "6"}));
}

TEST(LedgerEndToEnd, SpendReportsComeFromTheLedgerAndShowAKeyOnlyItsOwn) {
    GatewayProcess gateway(R"(
providers: [{ name: mock, kind: mock }]
models: [{ name: mock-echo, provider: mock, pricing: { input_per_mtok: 1.00, output_per_mtok: 2.00 } }]
auth:
  admin_key_env: TEST_ADMIN_KEY
  keys:
    - { id: search-ranker, key_env: TEST_RANKER_KEY, team: search }
    - { id: ads-bidder, key_env: TEST_BIDDER_KEY, team: ads }
ledger: { kind: sqlite, path: )" + std::string("/tmp/llmgw-spend-") + std::to_string(::getpid()) + R"(.db, flush_ms: 20 }
)",
                           {{"TEST_ADMIN_KEY", "sk-admin-1"}, {"TEST_RANKER_KEY", "sk-ranker-1"}, {"TEST_BIDDER_KEY", "sk-bidder-1"}});
    const auto chat_as = [&](const std::string& key, const std::string& text) {
        return http_request(gateway.port(), http::verb::post, "/v1/chat/completions",
                            R"({"model":"mock-echo","messages":[{"role":"user","content":")" + text + R"("}]})",
                            {{"content-type", "application/json"}, {"authorization", "Bearer " + key}})
            .result_int();
    };
    ASSERT_EQ(chat_as("sk-ranker-1", "one two"), 200);
    ASSERT_EQ(chat_as("sk-ranker-1", "three four"), 200);
    ASSERT_EQ(chat_as("sk-bidder-1", "five"), 200);
    const auto spend_as = [&](const std::string& key, const std::string& query) {
        const auto response = http_request(gateway.port(), http::verb::get, "/v1/spend" + query, {},
                                           {{"authorization", "Bearer " + key}});
        EXPECT_EQ(response.result_int(), 200) << response.body();
        return json::parse(response.body());
    };
    // The rows reach the database within flush_ms.
    json::value by_key;
    for (int i = 0; i < 250; ++i) {
        by_key = spend_as("sk-admin-1", "?group_by=key");
        if (by_key.at("data").as_array().size() == 2) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const auto& groups = by_key.at("data").as_array();
    ASSERT_EQ(groups.size(), 2u) << json::serialize(by_key);
    EXPECT_EQ(groups[0].at("group"), "search-ranker") << "costliest first";
    EXPECT_EQ(groups[0].at("requests"), 2);
    // "one two" and "three four": 2 + 2 prompt tokens at 1000 n$, 2 + 2 completion at 2000 n$.
    EXPECT_EQ(groups[0].at("cost_nanousd"), 12'000);
    EXPECT_EQ(groups[1].at("group"), "ads-bidder");

    const auto mine = spend_as("sk-ranker-1", "?group_by=key&key=ads-bidder");
    EXPECT_TRUE(mine.at("data").as_array().empty()) << "another key's rows are not the ranker's to see";
    const auto own = spend_as("sk-ranker-1", "?group_by=team");
    ASSERT_EQ(own.at("data").as_array().size(), 1u) << json::serialize(own);
    EXPECT_EQ(own.at("data").at(0).at("group"), "search");
    EXPECT_EQ(own.at("data").at(0).at("requests"), 2);

    const auto bad = http_request(gateway.port(), http::verb::get, "/v1/spend?group_by=week", {},
                                  {{"authorization", "Bearer sk-admin-1"}});
    EXPECT_EQ(bad.result_int(), 400);
    const auto nobody = http_request(gateway.port(), http::verb::get, "/v1/spend", {});
    EXPECT_EQ(nobody.result_int(), 401);
    EXPECT_EQ(gateway.stop(SIGTERM), 0);
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::remove((std::string("/tmp/llmgw-spend-") + std::to_string(::getpid()) + ".db" + suffix).c_str());
    }
}

TEST(LedgerEndToEnd, ALedgerThatCannotBeOpenedStopsStartUp) {
    const std::string path = "/tmp/llmgw-bad-ledger-" + std::to_string(::getpid()) + ".yaml";
    std::ofstream(path) << "providers: [{ name: mock, kind: mock }]\nmodels: [{ name: mock-echo, provider: mock }]\n"
                           "ledger: { kind: sqlite, path: /proc/llmgw/no-such/ledger.db }\n";
    const auto [status, output] = GatewayProcess::run_to_end("--config " + path);
    std::remove(path.c_str());
    EXPECT_NE(status, 0);
    EXPECT_NE(output.find("/proc/llmgw/no-such/ledger.db"), std::string::npos) << output;
}

}  // namespace
}  // namespace llmgw::testing
