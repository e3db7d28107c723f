// The response cache through the built gateway, against an upstream that
// counts its calls: repeats are hits, anything that changes the answer or
// the tenant is a miss, the caller's controls hold, streams are replayed
// from stored answers and streams stored for plain calls, embeddings are
// cached too, 50 identical callers at once share one call, and hits are booked in the ledger at no cost with what they
// saved.

#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <thread>

#include <boost/json/parse.hpp>

#include "database_queries.hpp"
#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"
#include "metric_sample.hpp"
#include "openai_wire.hpp"
#include "redis_server.hpp"

namespace llmgw::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

constexpr const char* search_key = "gw-search-key-0123456789";
constexpr const char* ads_key = "gw-ads-key-0123456789";
constexpr const char* teammate_key = "gw-search-two-0123456789";

FakeReply counted_openai(const UpstreamRequest& request) {
    const auto body = json::parse(request.body()).as_object();
    if (request.target().ends_with("/embeddings")) {
        return FakeReply{.body = R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.25,-0.5]}],
                                    "model":"text-embedding-3-small","usage":{"prompt_tokens":3,"total_tokens":3}})"};
    }
    // Slow enough for every identical caller to arrive while it is in flight.
    const bool slow = request.body().find("Think slowly") != std::string::npos;
    if (body.contains("stream")) {
        return FakeReply{.content_type = "text/event-stream",
                         .pieces = openai_stream("streamed"),
                         .delay_between_pieces = std::chrono::milliseconds(slow ? 150 : 0)};
    }
    return FakeReply{.body = openai_answer("The answer is forty-two, as computed by the deep thought machine."),
                     .delay_before_headers = std::chrono::milliseconds(slow ? 500 : 0)};
}

class CacheEndToEnd : public ::testing::Test {
protected:
    FakeUpstream upstream{counted_openai};
    GatewayProcess gateway{"providers:\n"
                           "  - { name: openai, kind: openai_compatible, base_url: \"" + upstream.base_url() + "\" }\n"
                           "models:\n"
                           "  - name: gpt\n"
                           "    provider: openai\n"
                           "    upstream_model: gpt-4o\n"
                           "    pricing: { input_per_mtok: 2.50, output_per_mtok: 10.00 }\n"
                           "  - { name: embedder, provider: openai, upstream_model: text-embedding-3-small }\n"
                           "cache: { enabled: true, mode: always }\n"
                           "auth:\n"
                           "  keys:\n"
                           "    - { id: search-1, key_env: KEY_SEARCH, team: search }\n"
                           "    - { id: search-2, key_env: KEY_TEAMMATE, team: search }\n"
                           "    - { id: ads-1, key_env: KEY_ADS, team: ads }\n",
                           {{"KEY_SEARCH", search_key}, {"KEY_TEAMMATE", teammate_key}, {"KEY_ADS", ads_key}}};

    TestResponse chat(const std::string& body, const char* key = search_key,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
        headers.emplace_back("content-type", "application/json");
        headers.emplace_back("authorization", std::string("Bearer ") + key);
        return http_request(gateway.port(), http::verb::post, "/v1/chat/completions", body, headers);
    }
    static std::string question(const std::string& extra = {}) {
        return R"({"model":"gpt","messages":[{"role":"user","content":"What is the answer?"}])" + extra + "}";
    }
    static std::string cache_of(const TestResponse& response) { return std::string(response["x-llmgw-cache"]); }
    // `count` identical calls at once, each from a thread of its own.
    std::vector<TestResponse> at_once(const std::string& body, std::size_t count) {
        std::vector<TestResponse> answers(count);
        std::vector<std::thread> callers;
        for (auto& answer : answers) callers.emplace_back([&] { answer = chat(body); });
        for (auto& caller : callers) caller.join();
        return answers;
    }
    // The text a streamed answer's events carry (all but the last, [DONE]).
    static std::string streamed_text(const std::vector<std::string>& events) {
        std::string text;
        for (std::size_t i = 0; i + 1 < events.size(); ++i) {
            const auto event = json::parse(events[i]);
            const auto& choices = event.at("choices").as_array();
            if (choices.empty()) continue;
            if (const auto* content = choices[0].at("delta").as_object().if_contains("content")) {
                text += std::string(content->as_string());
            }
        }
        return text;
    }
};

TEST_F(CacheEndToEnd, ARepeatIsAHitAndADifferentTemperatureIsAMiss) {
    const auto first = chat(question());
    ASSERT_EQ(first.result_int(), 200) << first.body();
    EXPECT_EQ(cache_of(first), "miss");
    EXPECT_EQ(first.find(http::field::age), first.end());

    const auto second = chat(question());
    ASSERT_EQ(second.result_int(), 200) << second.body();
    EXPECT_EQ(cache_of(second), "hit");
    EXPECT_EQ(second["age"], "0");
    EXPECT_EQ(json::parse(second.body()).at("choices"), json::parse(first.body()).at("choices"));
    EXPECT_EQ(upstream.request_count(), 1u);

    // Key order and number spelling do not matter; a changed parameter does.
    const auto same = chat(R"({"messages":[{"content":"What is the answer?","role":"user"}],"model":"gpt"})");
    EXPECT_EQ(cache_of(same), "hit");
    const auto warmer = chat(question(R"(,"temperature":0.5)"));
    EXPECT_EQ(cache_of(warmer), "miss");
    EXPECT_EQ(chat(question(R"(,"temperature":0.50)"))["x-llmgw-cache"], "hit");
    EXPECT_EQ(upstream.request_count(), 2u);
}

TEST_F(CacheEndToEnd, AnotherTeamIsAMissAndATeammateAHit) {
    ASSERT_EQ(chat(question()).result_int(), 200);
    EXPECT_EQ(cache_of(chat(question(), ads_key)), "miss");
    EXPECT_EQ(cache_of(chat(question(), teammate_key)), "hit");
    EXPECT_EQ(upstream.request_count(), 2u);
}

TEST_F(CacheEndToEnd, TheCallersCacheControlHolds) {
    const auto stored_none = chat(question(), search_key, {{"cache-control", "no-store"}});
    EXPECT_EQ(cache_of(stored_none), "bypass");
    EXPECT_EQ(cache_of(chat(question())), "miss") << "no-store kept nothing";
    EXPECT_EQ(cache_of(chat(question(), search_key, {{"cache-control", "No-Cache"}})), "miss");
    EXPECT_EQ(cache_of(chat(question(), search_key, {{"cache-control", "max-age=3600"}})), "hit");
    EXPECT_EQ(upstream.request_count(), 3u);

    const auto bad = chat(question(), search_key, {{"x-llmgw-cache-ttl", "forever"}});
    EXPECT_EQ(bad.result_int(), 400) << bad.body();
    EXPECT_NE(bad.body().find("x-llmgw-cache-ttl"), std::string::npos);
    EXPECT_EQ(chat(question(), search_key, {{"x-llmgw-cache-ttl", "60"}}).result_int(), 200);
}

TEST_F(CacheEndToEnd, AStreamAfterAPlainCallIsReplayedFromTheCache) {
    const auto plain = chat(question());
    ASSERT_EQ(plain.result_int(), 200);
    const auto streamed = chat(question(R"(,"stream":true,"stream_options":{"include_usage":true})"));
    ASSERT_EQ(streamed.result_int(), 200) << streamed.body();
    EXPECT_EQ(cache_of(streamed), "hit");
    EXPECT_EQ(upstream.request_count(), 1u);

    const auto events = sse_data(streamed.body());
    ASSERT_GT(events.size(), 5u) << streamed.body();
    EXPECT_EQ(events.back(), "[DONE]");
    EXPECT_EQ(streamed_text(events), json::parse(plain.body()).at("choices").at(0).at("message").at("content").as_string());
    const auto usage = json::parse(events[events.size() - 2]).at("usage");
    EXPECT_EQ(usage.at("prompt_tokens"), 12);
    EXPECT_EQ(usage.at("completion_tokens"), 3);
}

TEST_F(CacheEndToEnd, AStreamThatCompletedIsStoredForThePlainCall) {
    const auto streamed = chat(question(R"(,"stream":true)"));
    ASSERT_EQ(streamed.result_int(), 200);
    EXPECT_EQ(cache_of(streamed), "miss");
    const auto plain = chat(question());
    EXPECT_EQ(cache_of(plain), "hit");
    EXPECT_EQ(json::parse(plain.body()).at("choices").at(0).at("message").at("content"), "streamed");
    EXPECT_EQ(upstream.request_count(), 1u);
}

TEST_F(CacheEndToEnd, EmbeddingsAreCached) {
    const auto embed = [&] {
        return http_request(gateway.port(), http::verb::post, "/v1/embeddings",
                            R"({"model":"embedder","input":"hello"})",
                            {{"content-type", "application/json"}, {"authorization", std::string("Bearer ") + search_key}});
    };
    EXPECT_EQ(cache_of(embed()), "miss");
    const auto again = embed();
    EXPECT_EQ(cache_of(again), "hit");
    EXPECT_EQ(json::parse(again.body()).at("data").at(0).at("embedding"), json::parse("[0.25,-0.5]"));
    EXPECT_EQ(upstream.request_count(), 1u);
}

TEST_F(CacheEndToEnd, FiftyIdenticalCallersAtOnceMakeOneUpstreamCall) {
    const auto answers = at_once(R"({"model":"gpt","messages":[{"role":"user","content":"Think slowly."}]})", 50);
    EXPECT_EQ(upstream.request_count(), 1u);
    std::map<std::string, int> outcomes;
    for (const auto& answer : answers) {
        ASSERT_EQ(answer.result_int(), 200) << answer.body();
        EXPECT_EQ(json::parse(answer.body()).at("choices").at(0).at("message").at("content"),
                  "The answer is forty-two, as computed by the deep thought machine.");
        ++outcomes[cache_of(answer)];
    }
    EXPECT_EQ(outcomes["miss"], 1);
    EXPECT_EQ(outcomes["coalesced"] + outcomes["hit"], 49);
    EXPECT_GT(outcomes["coalesced"], 0);
}

TEST_F(CacheEndToEnd, TwentyIdenticalStreamsAtOnceMakeOneUpstreamCall) {
    const auto answers =
        at_once(R"({"model":"gpt","stream":true,"messages":[{"role":"user","content":"Think slowly."}]})", 20);
    EXPECT_EQ(upstream.request_count(), 1u);
    std::map<std::string, int> outcomes;
    for (const auto& answer : answers) {
        ASSERT_EQ(answer.result_int(), 200) << answer.body();
        const auto events = sse_data(answer.body());
        ASSERT_FALSE(events.empty());
        EXPECT_EQ(events.back(), "[DONE]");
        EXPECT_EQ(streamed_text(events), "streamed") << answer.body();
        ++outcomes[cache_of(answer)];
    }
    EXPECT_EQ(outcomes["miss"], 1);
    EXPECT_EQ(outcomes["coalesced"] + outcomes["hit"], 19);
    EXPECT_GT(outcomes["coalesced"], 0);

    // The metrics count streams too, by the same outcomes.
    const auto metrics = http_request(gateway.port(), http::verb::get, "/metrics", {}, {}).body();
    EXPECT_EQ(metric_sample(metrics, R"(llm_cache_requests_total{result="miss"})"), 1) << metrics;
    EXPECT_EQ(metric_sample(metrics, R"(llm_cache_requests_total{result="coalesced"})"), outcomes["coalesced"]);
}

TEST_F(CacheEndToEnd, HitsAreBookedAtNoCostWithWhatTheySaved) {
    ASSERT_EQ(chat(question()).result_int(), 200);
    ASSERT_EQ(chat(question()).result_int(), 200);
    ASSERT_EQ(gateway.stop(SIGTERM), 0);
    const auto rows = sqlite_query(gateway.ledger_path(),
                                   "SELECT cache_hit, cost_nanousd, saved_nanousd, attempts, prompt_tokens "
                                   "FROM ledger ORDER BY started_at, cache_hit");
    ASSERT_EQ(rows.size(), 2u);
    // 12 prompt tokens at $2.50/M and 3 completion tokens at $10/M.
    EXPECT_EQ(rows[0], (std::vector<std::string>{"0", "60000", "0", "1", "12"}));
    EXPECT_EQ(rows[1], (std::vector<std::string>{"1", "0", "60000", "0", "12"}));
}

// ---- In Redis, shared by instances ----

class CacheInRedisEndToEnd : public ::testing::Test {
protected:
    std::string config() const {
        return "threads: 1\n"
               "providers:\n"
               "  - { name: openai, kind: openai_compatible, base_url: \"" + upstream.base_url() + "\" }\n"
               "models:\n"
               "  - { name: gpt, provider: openai, upstream_model: gpt-4o }\n"
               "cache: { enabled: true, kind: redis, url_env: LLMGW_REDIS_URL, lookup_timeout_ms: 100 }\n";
    }
    TestResponse ask(const GatewayProcess& gateway) {
        return http_request(gateway.port(), http::verb::post, "/v1/chat/completions",
                            R"({"model":"gpt","temperature":0,"messages":[{"role":"user","content":"Shared?"}]})",
                            {{"content-type", "application/json"}});
    }

    RedisServer redis{"redis-e2e-password"};
    FakeUpstream upstream{counted_openai};
    GatewayProcess first{config(), {{"LLMGW_REDIS_URL", redis.url()}}};
    GatewayProcess second{config(), {{"LLMGW_REDIS_URL", redis.url()}}};
};

TEST_F(CacheInRedisEndToEnd, ASecondGatewaySeesTheFirstOnesAnswers) {
    EXPECT_EQ(ask(first)["x-llmgw-cache"], "miss");
    EXPECT_EQ(ask(first)["x-llmgw-cache"], "hit");
    const auto shared = ask(second);
    ASSERT_EQ(shared.result_int(), 200) << shared.body();
    EXPECT_EQ(shared["x-llmgw-cache"], "hit");
    EXPECT_EQ(upstream.request_count(), 1u);
}

TEST_F(CacheInRedisEndToEnd, RedisGoneIsAMissNeverAnError) {
    ASSERT_EQ(ask(first)["x-llmgw-cache"], "miss");
    redis.kill();
    for (int i = 0; i < 3; ++i) {
        const auto answer = ask(first);
        ASSERT_EQ(answer.result_int(), 200) << answer.body();
        EXPECT_EQ(answer["x-llmgw-cache"], "miss");
    }
    ASSERT_TRUE(first.wait_for_log("cache_store_unavailable"));
    const auto log = first.log();
    EXPECT_EQ(log.find("cache_store_unavailable"), log.rfind("cache_store_unavailable")) << "once per change";
    EXPECT_EQ(log.find("redis-e2e-password"), std::string::npos);
    redis.start();
    ask(first);  // stores again
    EXPECT_EQ(ask(first)["x-llmgw-cache"], "hit");
    ASSERT_TRUE(first.wait_for_log("cache_store_available"));
}

}  // namespace
}  // namespace llmgw::testing
