// Fault injection against the built gateway: fake upstreams that rate-limit,
// fail, hang, reset and stall, each test asserting what the client got and
// how many upstream requests were made.

#include <gtest/gtest.h>

#include <future>
#include <set>

#include <boost/json/parse.hpp>

#include "anthropic_wire.hpp"
#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"
#include "openai_wire.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

// Deployments: `main` on the flaky upstream falls back on `spare`; `solo`
// on the flaky upstream has no fallback; `impatient` waits 300 ms in all
// and `stalling` 300 ms for a first token, both falling back on `spare`.
class ResilienceEndToEnd : public ::testing::Test {
protected:
    ScriptedUpstream flaky{healthy_openai};
    ScriptedUpstream backup{healthy_openai};
    GatewayProcess gateway{"providers:\n" + flaky_provider("flaky", flaky.base_url()) +
                           "  - name: backup\n"
                           "    kind: openai_compatible\n"
                           "    base_url: " + backup.base_url() + "\n"
                           "models:\n"
                           "  - { name: main, provider: flaky, upstream_model: gpt-4o, fallbacks: [spare] }\n"
                           "  - { name: solo, provider: flaky, upstream_model: gpt-4o }\n"
                           "  - { name: impatient, provider: flaky, retry: { max_attempts: 1 }, timeouts: { total_ms: 300 }, fallbacks: [spare] }\n"
                           "  - { name: stalling, provider: flaky, retry: { max_attempts: 2 }, timeouts: { first_token_ms: 300 } }\n"
                           "  - { name: spare, provider: backup, upstream_model: gpt-4o-mini }\n"};

    static std::string served_by(const TestResponse& response) {
        return std::string(response["x-llmgw-served-by"]);
    }
};

TEST_F(ResilienceEndToEnd, ARateLimitIsWaitedOutAsItsRetryAfterSays) {
    flaky.script({error_reply(429, "requests", {{"retry-after", "1"}})});
    const auto started = std::chrono::steady_clock::now();

    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("solo"));

    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_GE(std::chrono::steady_clock::now() - started, 900ms) << "the upstream asked for a second";
    EXPECT_EQ(flaky.requests(), 2u);
    EXPECT_EQ(served_by(response), "solo");
}

TEST_F(ResilienceEndToEnd, ServerFailuresAreRetriedUntilOneSucceeds) {
    flaky.script({error_reply(500, "server_error"), error_reply(503, "server_error")});
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("solo"));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_EQ(json::parse(response.body()).at("choices").at(0).at("message").at("content"), "fine");
    EXPECT_EQ(flaky.requests(), 3u);
}

// The W3C traceparent of a request, split: version, trace id, span id, flags.
std::vector<std::string> traceparent_fields(std::string_view header) {
    std::vector<std::string> fields;
    for (std::size_t from = 0;;) {
        const auto dash = header.find('-', from);
        fields.emplace_back(header.substr(from, dash - from));
        if (dash == std::string_view::npos) return fields;
        from = dash + 1;
    }
}

TEST_F(ResilienceEndToEnd, EveryAttemptContinuesTheCallersTraceAsASpanOfItsOwn) {
    flaky.script({error_reply(500, "server_error"), error_reply(503, "server_error"), error_reply(502, "server_error")});
    const std::string caller_trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    const auto response = http_request(gateway.port(), http::verb::post, "/v1/chat/completions", chat_body("main"),
                                       {{"content-type", "application/json"},
                                        {"traceparent", "00-" + caller_trace + "-00f067aa0ba902b7-01"},
                                        {"tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"}});
    ASSERT_EQ(response.result_int(), 200) << response.body();
    ASSERT_EQ(served_by(response), "spare") << "three failures, then the fallback";

    const auto answered = traceparent_fields(response["traceparent"]);
    ASSERT_EQ(answered.size(), 4u) << response["traceparent"];
    EXPECT_EQ(answered[0], "00");
    EXPECT_EQ(answered[1], caller_trace) << "the caller's trace is continued";
    EXPECT_NE(answered[2], "00f067aa0ba902b7") << "under a span of the gateway's own";
    EXPECT_EQ(answered[3], "01") << "the caller's sampling decision";

    auto upstream_requests = flaky.fake.requests();
    const auto fallback = backup.fake.requests();
    upstream_requests.insert(upstream_requests.end(), fallback.begin(), fallback.end());
    ASSERT_EQ(upstream_requests.size(), 4u);
    std::set<std::string> attempt_spans;
    for (const auto& request : upstream_requests) {
        const auto sent = traceparent_fields(request["traceparent"]);
        ASSERT_EQ(sent.size(), 4u) << request["traceparent"];
        EXPECT_EQ(sent[1], caller_trace);
        EXPECT_EQ(sent[3], "01");
        EXPECT_EQ(sent[2].size(), 16u);
        attempt_spans.insert(sent[2]);
        EXPECT_EQ(request["tracestate"], "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7") << "passed on untouched";
    }
    EXPECT_EQ(attempt_spans.size(), 4u) << "each attempt, retries and the fallback included, is a span of its own";
    EXPECT_FALSE(attempt_spans.contains(answered[2])) << "attempts are children of the gateway's span";
    EXPECT_TRUE(gateway.wait_for_log("\"trace_id\":\"" + caller_trace + "\",\"span_id\":\"" + answered[2] + "\""))
        << "the access log line names the request's span: " << gateway.log();
}

TEST_F(ResilienceEndToEnd, ARequestWithoutATraceparentStartsATrace) {
    for (const std::string traceparent : {"", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                                          "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}) {
        std::vector<std::pair<std::string, std::string>> headers{{"content-type", "application/json"}};
        if (!traceparent.empty()) headers.emplace_back("traceparent", traceparent);
        const auto before = flaky.requests();
        const auto response =
            http_request(gateway.port(), http::verb::post, "/v1/chat/completions", chat_body("solo"), headers);
        ASSERT_EQ(response.result_int(), 200) << response.body();
        const auto answered = traceparent_fields(response["traceparent"]);
        ASSERT_EQ(answered.size(), 4u) << response["traceparent"];
        EXPECT_EQ(answered[1].size(), 32u);
        EXPECT_NE(answered[1], "00000000000000000000000000000000");
        EXPECT_NE(answered[1], "4bf92f3577b34da6a3ce929d0e0e4736") << "an invalid traceparent is not continued";
        ASSERT_EQ(flaky.requests(), before + 1);
        const auto sent = traceparent_fields(flaky.fake.requests().back()["traceparent"]);
        ASSERT_EQ(sent.size(), 4u);
        EXPECT_EQ(sent[1], answered[1]) << "the upstream is called in the gateway's new trace";
        EXPECT_TRUE(flaky.fake.requests().back()["tracestate"].empty());
    }
}

TEST_F(ResilienceEndToEnd, AnOverloaded529IsRetried) {
    flaky.script({error_reply(529, "overloaded_error")});
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("solo"));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_EQ(flaky.requests(), 2u);
}

TEST_F(ResilienceEndToEnd, ABadRequestIsNeitherRetriedNorFallenBackOn) {
    for (unsigned status : {400u, 422u}) {
        flaky.script({error_reply(status, "invalid_request_error")});
        const auto before = flaky.requests();
        const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("main"));
        EXPECT_EQ(response.result_int(), 400) << response.body();
        EXPECT_EQ(flaky.requests(), before + 1) << status;
    }
    EXPECT_EQ(backup.requests(), 0u);
}

TEST_F(ResilienceEndToEnd, RejectedCredentialsFallBackWithoutRetrying) {
    flaky.script({error_reply(401, "invalid_request_error")});
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("main"));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_EQ(json::parse(response.body()).at("model"), "spare");
    EXPECT_EQ(served_by(response), "spare");
    EXPECT_EQ(flaky.requests(), 1u);
    EXPECT_EQ(backup.requests(), 1u);
    EXPECT_EQ(json::parse(backup.fake.requests().at(0).body()).at("model"), "gpt-4o-mini");
}

TEST_F(ResilienceEndToEnd, WhenEverythingFailsTheClientGetsAnOpenAIError) {
    flaky.script({error_reply(503, "server_error"), error_reply(503, "server_error"), error_reply(503, "server_error")});
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("solo"));
    EXPECT_EQ(response.result_int(), 503) << response.body();
    const auto body = json::parse(response.body());
    EXPECT_TRUE(body.at("error").at("message").is_string());
    EXPECT_TRUE(body.at("error").at("type").is_string());
    EXPECT_EQ(flaky.requests(), 3u);
}

TEST_F(ResilienceEndToEnd, AResetBeforeTheFirstByteIsRetried) {
    flaky.script({FakeReply{.close_before_reply = true}});
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("solo"));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_EQ(flaky.requests(), 2u);
}

TEST_F(ResilienceEndToEnd, AHangingUpstreamTimesOutAndTheFallbackAnswers) {
    flaky.script({FakeReply{.body = openai_answer("too late"), .delay_before_headers = 10s}});
    const auto started = std::chrono::steady_clock::now();
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("impatient"));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(served_by(response), "spare");
    EXPECT_EQ(flaky.requests(), 1u);
}

TEST_F(ResilienceEndToEnd, AHangWithNothingToFallBackOnIsAGatewayTimeout) {
    flaky.script({FakeReply{.body = openai_answer("too late"), .delay_before_headers = 10s}});
    const auto response = http_request(gateway.port(), http::verb::post, "/v1/chat/completions", chat_body("solo"),
                                       {{"content-type", "application/json"}, {"x-llmgw-timeout-ms", "300"}});
    EXPECT_EQ(response.result_int(), 504) << response.body();
    EXPECT_NE(json::parse(response.body()).at("error").at("message").as_string().find("within"), std::string::npos);
}

TEST_F(ResilienceEndToEnd, ABadTimeoutHeaderIsRefused) {
    const auto response = http_request(gateway.port(), http::verb::post, "/v1/chat/completions", chat_body("solo"),
                                       {{"content-type", "application/json"}, {"x-llmgw-timeout-ms", "soon"}});
    EXPECT_EQ(response.result_int(), 400) << response.body();
    EXPECT_EQ(flaky.requests(), 0u);
}

TEST_F(ResilienceEndToEnd, AStreamCutOffBeforeContentIsRetriedAndNeverDuplicated) {
    flaky.script({FakeReply{.content_type = "text/event-stream", .pieces = {role_piece}, .close_after_pieces = true}});
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("solo", true));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    const auto events = sse_data(response.body());
    ASSERT_EQ(events.size(), 4u) << response.body();  // role, content, finish, [DONE]
    EXPECT_EQ(json::parse(events[0]).at("choices").at(0).at("delta").at("role"), "assistant");
    EXPECT_EQ(json::parse(events[1]).at("choices").at(0).at("delta").at("content"), "streamed");
    EXPECT_EQ(events.back(), "[DONE]");
    EXPECT_EQ(flaky.requests(), 2u);
}

TEST_F(ResilienceEndToEnd, AStreamCutOffAfterContentEndsWithAnErrorEventAndNoRetry) {
    flaky.script({FakeReply{.content_type = "text/event-stream",
                            .pieces = {role_piece, openai_chunk(R"({"content":"Hel"})")},
                            .close_after_pieces = true}});
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("solo", true));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    const auto events = sse_data(response.body());
    ASSERT_EQ(events.size(), 3u) << response.body();
    EXPECT_EQ(json::parse(events[1]).at("choices").at(0).at("delta").at("content"), "Hel");
    EXPECT_TRUE(json::parse(events[2]).as_object().contains("error")) << events[2];
    EXPECT_EQ(flaky.requests(), 1u);
}

TEST_F(ResilienceEndToEnd, AStalledFirstTokenIsCutOffAndRetried) {
    flaky.script({FakeReply{.content_type = "text/event-stream",
                            .pieces = openai_stream("slow"),
                            .delay_between_pieces = 2s}});
    const auto started = std::chrono::steady_clock::now();
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("stalling", true));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    const auto events = sse_data(response.body());
    EXPECT_EQ(json::parse(events[1]).at("choices").at(0).at("delta").at("content"), "streamed");
    EXPECT_EQ(flaky.requests(), 2u);
}

TEST_F(ResilienceEndToEnd, AClientThatLeavesCancelsThePendingRetry) {
    flaky.script({error_reply(503, "server_error", {{"retry-after", "2"}})});
    const auto request = "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                         "content-length: " + std::to_string(chat_body("solo").size()) + "\r\n\r\n" + chat_body("solo");
    raw_exchange(gateway.port(), request, 1);  // gives up after a second, during the 2 s wait
    std::this_thread::sleep_for(2500ms);
    EXPECT_EQ(flaky.requests(), 1u);
}

TEST_F(ResilienceEndToEnd, HealthEndpointsReportEachDeployment) {
    EXPECT_EQ(http_request(gateway.port(), http::verb::get, "/readyz").result_int(), 200);
    flaky.script({error_reply(500, "server_error")});
    ASSERT_EQ(post_json(gateway.port(), "/v1/chat/completions", chat_body("solo")).result_int(), 200);

    const auto response = http_request(gateway.port(), http::verb::get, "/v1/health/providers");
    ASSERT_EQ(response.result_int(), 200) << response.body();
    const auto body = json::parse(response.body());
    const auto& data = body.at("data").as_array();
    ASSERT_EQ(data.size(), 5u);
    const auto& solo = data.at(1).as_object();
    EXPECT_EQ(solo.at("model"), "solo");
    EXPECT_EQ(solo.at("provider"), "flaky");
    EXPECT_EQ(solo.at("circuit_breaker").at("state"), "closed");
    EXPECT_EQ(solo.at("recent").at("requests"), 2);
    EXPECT_EQ(solo.at("recent").at("failures"), 1);
    EXPECT_TRUE(solo.at("latency_ms").is_number());
    EXPECT_TRUE(data.at(4).at("latency_ms").is_null()) << "spare has served nothing yet";
}

TEST_F(ResilienceEndToEnd, AnActiveProbeCallsEveryDeployment) {
    const auto response = http_request(gateway.port(), http::verb::get, "/v1/health/providers?probe=true");
    ASSERT_EQ(response.result_int(), 200) << response.body();
    const auto body = json::parse(response.body());
    for (const auto& entry : body.at("data").as_array()) {
        EXPECT_EQ(entry.at("probe").at("ok"), true) << json::serialize(entry);
    }
    EXPECT_EQ(flaky.requests(), 4u);
    EXPECT_EQ(backup.requests(), 1u);
    EXPECT_EQ(json::parse(backup.fake.requests().at(0).body()).at("max_completion_tokens"), 1);
}

// One deployment with a breaker that opens on the first failure.
class BreakerEndToEnd : public ::testing::Test {
protected:
    ScriptedUpstream upstream{healthy_openai};
    GatewayProcess gateway{"providers:\n"
                           "  - name: only\n"
                           "    kind: openai_compatible\n"
                           "    base_url: " + upstream.base_url() + "\n"
                           "    retry: { max_attempts: 1 }\n"
                           "    circuit_breaker: { failure_threshold: 1, cooldown_s: 1 }\n"
                           "models:\n"
                           "  - { name: lone, provider: only, max_concurrency: 1, max_queued: 0 }\n"};
};

TEST_F(BreakerEndToEnd, AnOpenBreakerAnswersAtOnceAndReadinessFollowsIt) {
    upstream.script({error_reply(500, "server_error")});
    EXPECT_EQ(post_json(gateway.port(), "/v1/chat/completions", chat_body("lone")).result_int(), 502);

    const auto refused = post_json(gateway.port(), "/v1/chat/completions", chat_body("lone"));
    EXPECT_EQ(refused.result_int(), 503) << refused.body();
    EXPECT_EQ(refused["retry-after"], "1");
    EXPECT_EQ(upstream.requests(), 1u) << "the open breaker kept the upstream out of it";
    EXPECT_EQ(http_request(gateway.port(), http::verb::get, "/readyz").result_int(), 503);
    const auto health = json::parse(http_request(gateway.port(), http::verb::get, "/v1/health/providers").body());
    EXPECT_EQ(health.at("data").at(0).at("circuit_breaker").at("state"), "open");

    std::this_thread::sleep_for(1100ms);
    EXPECT_EQ(http_request(gateway.port(), http::verb::get, "/readyz").result_int(), 200);
    EXPECT_EQ(post_json(gateway.port(), "/v1/chat/completions", chat_body("lone")).result_int(), 200);
    EXPECT_NE(gateway.log().find("circuit_breaker_changed"), std::string::npos);
}

TEST_F(BreakerEndToEnd, AFullDeploymentRefusesWith429AtOnce) {
    upstream.script({FakeReply{.body = openai_answer("slow"), .delay_before_headers = 1500ms}});
    auto first = std::async(std::launch::async,
                            [&] { return post_json(gateway.port(), "/v1/chat/completions", chat_body("lone")); });
    std::this_thread::sleep_for(300ms);
    const auto second = post_json(gateway.port(), "/v1/chat/completions", chat_body("lone"));
    EXPECT_EQ(second.result_int(), 429) << second.body();
    EXPECT_EQ(second["retry-after"], "1");
    EXPECT_EQ(first.get().result_int(), 200);
    EXPECT_EQ(upstream.requests(), 1u);
}

TEST(AnthropicResilience, AnErrorEventAfter200IsRetriedWithoutTheClientSeeingIt) {
    std::atomic<int> calls{0};
    FakeUpstream upstream([&](const UpstreamRequest&) {
        if (calls++ == 0) {
            return FakeReply{.content_type = "text/event-stream",
                             .pieces = {anthropic_event("message_start", R"({"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":1}}})"),
                                        anthropic_event("error", anthropic_error("overloaded_error", "Overloaded"))}};
        }
        return FakeReply{.content_type = "text/event-stream", .pieces = anthropic_tool_stream()};
    });
    GatewayProcess gateway{"providers:\n"
                           "  - name: anthropic\n"
                           "    kind: anthropic\n"
                           "    base_url: http://127.0.0.1:" + std::to_string(upstream.port()) + "\n"
                           "    retry: { base_ms: 10 }\n"
                           "models:\n"
                           "  - { name: claude, provider: anthropic, upstream_model: claude-haiku-4-5 }\n"};

    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("claude", true));

    ASSERT_EQ(response.result_int(), 200) << response.body();
    const auto events = sse_data(response.body());
    EXPECT_EQ(events.back(), "[DONE]");
    for (const auto& event : events) EXPECT_EQ(event.find("error"), std::string::npos) << event;
    std::size_t role_chunks = 0;
    for (const auto& event : events) role_chunks += event.find(R"("role":"assistant")") != std::string::npos;
    EXPECT_EQ(role_chunks, 1u);
    EXPECT_EQ(calls.load(), 2);
}

}  // namespace
}  // namespace llmgw::testing
