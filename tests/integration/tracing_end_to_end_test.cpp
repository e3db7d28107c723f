// Traces of the built gateway, exported over OTLP/HTTP (protobuf) to an
// in-test collector and decoded by the OpenTelemetry JS decoder: the span
// tree of a plain call, of a stream that was retried and fell back, and of
// refused calls; the caller's trace continued and its sampling decision
// kept; each upstream request's traceparent naming its attempt's span.

#include <gtest/gtest.h>

#include <csignal>
#include <map>

#include "database_queries.hpp"
#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"
#include "metric_sample.hpp"
#include "openai_wire.hpp"
#include "otlp_decoder.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

constexpr const char* key_secret = "llmgw-trace-key-0123456789";
constexpr std::string_view caller_span = "00f067aa0ba902b7";

std::string traceparent_of(const std::string& trace_id, std::string_view flags = "01") {
    return "00-" + trace_id + "-" + std::string(caller_span) + "-" + std::string(flags);
}

// The span id a traceparent names.
std::string span_of(std::string_view traceparent) { return std::string(traceparent.substr(36, 16)); }

std::string text(const json::value& value) { return std::string(value.as_string()); }

// With `capture_content`, the gateway also records message content.
template <bool capture_content>
class TracedGateway : public ::testing::Test {
protected:
    // Every span the collector received for `trace_id` so far.
    std::vector<json::object> received(const std::string& trace_id) {
        std::vector<json::object> found;
        for (const auto& request : collector.requests()) {
            for (auto& span : spans_of(decoded(request.body()))) {
                if (text(span.at("traceId")) == trace_id) found.push_back(std::move(span));
            }
        }
        return found;
    }
    // The same once `count` have come (a request's spans leave after its
    // response).
    std::vector<json::object> spans_of_trace(const std::string& trace_id, std::size_t count) {
        collector.wait_for([&] { return received(trace_id).size() >= count; }, 10'000ms);
        return received(trace_id);
    }

    static std::vector<json::object> of_kind(const std::vector<json::object>& spans, int kind) {
        std::vector<json::object> out;
        for (const auto& span : spans) {
            if (span.at("kind") == kind) out.push_back(span);
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return text(a.at("startTimeUnixNano")).size() < text(b.at("startTimeUnixNano")).size() ||
                   (text(a.at("startTimeUnixNano")).size() == text(b.at("startTimeUnixNano")).size() &&
                    text(a.at("startTimeUnixNano")) < text(b.at("startTimeUnixNano")));
        });
        return out;
    }

    const json::value& decoded(const std::string& body) {
        auto found = decoded_.find(body);
        if (found == decoded_.end()) found = decoded_.emplace(body, decode_otlp_protobuf(body)).first;
        return found->second;
    }

    TestResponse chat(const std::string& model, const std::string& traceparent, bool stream = false,
                      const char* key = key_secret) {
        std::vector<std::pair<std::string, std::string>> headers{{"content-type", "application/json"},
                                                                 {"user-agent", "trace-test/1.0"}};
        if (key) headers.emplace_back("authorization", std::string("Bearer ") + key);
        if (!traceparent.empty()) headers.emplace_back("traceparent", traceparent);
        return http_request(gateway.port(), http::verb::post, "/v1/chat/completions", chat_body(model, stream),
                            headers);
    }

    FakeUpstream collector{[](const UpstreamRequest&) { return FakeReply{.status = 200}; }};
    ScriptedUpstream flaky{healthy_openai};
    ScriptedUpstream backup{healthy_openai};
    GatewayProcess gateway{"providers:\n" + flaky_provider("flaky", flaky.base_url()) +
                           "  - name: backup\n"
                           "    kind: openai\n"
                           "    base_url: " + backup.base_url() + "\n"
                           "    api_key_env: TEST_BACKUP_KEY\n"
                           "models:\n"
                           "  - { name: main, provider: flaky, upstream_model: gpt-4o, fallbacks: [spare] }\n"
                           "  - { name: spare, provider: backup, upstream_model: gpt-4o-mini }\n"
                           "  - { name: secret-model, provider: backup, upstream_model: o3 }\n"
                           "auth:\n"
                           "  keys:\n"
                           "    - { id: tracer-key, key_env: TEST_TRACE_KEY, team: search, project: ranking, models: [main, spare] }\n" +
                               // The content-capture gateway's team has no budget, so no reservation step.
                               std::string(capture_content ? "telemetry: { capture_content: true, capture_content_max_bytes: 64 }\n"
                                                           : "teams: [{ name: search, budgets: [{ limit_usd: 100, period: monthly }] }]\n"),
                           {{"TEST_TRACE_KEY", key_secret},
                            {"TEST_BACKUP_KEY", "sk-backup-0123456789abcdef"},
                            {"OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + std::to_string(collector.port())},
                            {"OTEL_BSP_SCHEDULE_DELAY", "50"},
                            {"OTEL_SERVICE_NAME", "llmgw-under-test"},
                            {"OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=ci,team=platform%20eng"}}};
    std::map<std::string, json::value> decoded_;
};
using TracingEndToEnd = TracedGateway<false>;
using ContentCaptureEndToEnd = TracedGateway<true>;

TEST_F(TracingEndToEnd, APlainCallIsAServerSpanUnderTheCallersWithAClientSpanPerAttempt) {
    const std::string trace_id = "4bf92f3577b34da6a3ce929d0e0e4736";
    const auto response = chat("spare", traceparent_of(trace_id));
    ASSERT_EQ(response.result_int(), 200) << response.body();

    const auto spans = spans_of_trace(trace_id, 3);
    const auto servers = of_kind(spans, 2);
    const auto clients = of_kind(spans, 3);
    const auto internals = of_kind(spans, 1);
    ASSERT_EQ(servers.size(), 1u);
    ASSERT_EQ(clients.size(), 1u);
    const auto& server = servers[0];
    EXPECT_EQ(text(server.at("parentSpanId")), caller_span) << "a child of the caller's span";
    EXPECT_EQ(text(server.at("spanId")), span_of(response["traceparent"])) << "the span the response names";
    EXPECT_EQ(server.at("flags").as_int64() & 0x301, 0x301) << "sampled, with a remote parent";
    EXPECT_EQ(server.at("name"), "POST /v1/chat/completions");
    EXPECT_EQ(*attribute(server, "http.request.method"), "POST");
    EXPECT_EQ(*attribute(server, "url.path"), "/v1/chat/completions");
    EXPECT_EQ(*attribute(server, "http.response.status_code"), "200");
    EXPECT_EQ(*attribute(server, "server.address"), "127.0.0.1");
    EXPECT_EQ(text(*attribute(server, "server.port")), std::to_string(gateway.port()));
    EXPECT_EQ(*attribute(server, "client.address"), "127.0.0.1");
    EXPECT_EQ(*attribute(server, "user_agent.original"), "trace-test/1.0");
    EXPECT_EQ(*attribute(server, "llmgw.key_id"), "tracer-key");
    EXPECT_EQ(*attribute(server, "llmgw.team"), "search");
    EXPECT_EQ(*attribute(server, "llmgw.project"), "ranking");
    EXPECT_EQ(*attribute(server, "llmgw.served_by"), "spare");
    EXPECT_EQ(*attribute(server, "llmgw.cache_hit"), false);
    EXPECT_EQ(*attribute(server, "gen_ai.usage.input_tokens"), "12");
    EXPECT_EQ(text(*attribute(server, "llmgw.request_id")), response["x-llmgw-request-id"]);
    EXPECT_FALSE(server.contains("status")) << "a success leaves the status unset";

    const auto& attempt = clients[0];
    EXPECT_EQ(attempt.at("parentSpanId"), server.at("spanId"));
    EXPECT_EQ(attempt.at("name"), "chat gpt-4o-mini");
    EXPECT_EQ(*attribute(attempt, "gen_ai.operation.name"), "chat");
    EXPECT_EQ(*attribute(attempt, "gen_ai.provider.name"), "openai");
    EXPECT_EQ(*attribute(attempt, "gen_ai.request.model"), "gpt-4o-mini");
    EXPECT_EQ(*attribute(attempt, "gen_ai.request.stream"), false);
    EXPECT_EQ(*attribute(attempt, "gen_ai.response.id"), "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG");
    EXPECT_EQ(*attribute(attempt, "gen_ai.response.finish_reasons"), (json::array{"stop"}));
    EXPECT_EQ(*attribute(attempt, "gen_ai.usage.input_tokens"), "12");
    EXPECT_EQ(*attribute(attempt, "gen_ai.usage.output_tokens"), "3");
    EXPECT_EQ(*attribute(attempt, "server.address"), "127.0.0.1");
    EXPECT_EQ(text(*attribute(attempt, "server.port")), std::to_string(backup.fake.port()));
    EXPECT_EQ(*attribute(attempt, "llmgw.attempt"), "1");
    EXPECT_EQ(*attribute(attempt, "llmgw.deployment"), "spare@backup");
    EXPECT_FALSE(attribute(attempt, "gen_ai.input.messages")) << "no message content unless asked";
    EXPECT_FALSE(attribute(attempt, "gen_ai.output.messages"));

    ASSERT_EQ(backup.requests(), 1u);
    const auto sent = std::string(backup.fake.requests()[0]["traceparent"]);
    EXPECT_EQ(sent, "00-" + trace_id + "-" + text(attempt.at("spanId")) + "-01")
        << "the upstream was called as the attempt's span";

    ASSERT_EQ(internals.size(), 1u);
    EXPECT_EQ(internals[0].at("name"), "llmgw reserve budget");
    EXPECT_EQ(internals[0].at("parentSpanId"), server.at("spanId"));
    EXPECT_TRUE(attribute(internals[0], "llmgw.budget.reserved_usd")) << internals[0];

    // What every span says of the process.
    const auto export_request = collector.requests().back();
    const auto& resource = decoded(export_request.body()).at("resourceSpans").as_array()[0].at("resource");
    std::map<std::string, std::string> resource_attributes;
    for (const auto& entry : resource.at("attributes").as_array()) {
        if (const auto* value = entry.at("value").as_object().if_contains("stringValue")) {
            resource_attributes[text(entry.at("key"))] = text(*value);
        }
    }
    EXPECT_EQ(resource_attributes["service.name"], "llmgw-under-test");
    EXPECT_EQ(resource_attributes["deployment.environment.name"], "ci");
    EXPECT_EQ(resource_attributes["team"], "platform eng");
    EXPECT_EQ(resource_attributes["service.instance.id"].size(), 32u);
    EXPECT_FALSE(resource_attributes["host.name"].empty());
    EXPECT_FALSE(resource_attributes["service.version"].empty());
}

// The same call through each front door: its dialect differs, its spans,
// metrics and ledger row do not.
TEST_F(TracingEndToEnd, EveryDoorGivesTheSameSpansMetricsAndLedgerRow) {
    struct Door {
        std::string path;
        std::string body;
        std::string trace_id;
    };
    const std::vector<Door> doors{
        {"/v1/chat/completions", chat_body("spare", false), "11111111111111111111111111111111"},
        {"/v1/responses", R"({"model":"spare","input":"Hello"})", "22222222222222222222222222222222"},
        {"/v1/messages", R"({"model":"spare","max_tokens":64,"messages":[{"role":"user","content":"Hello"}]})",
         "33333333333333333333333333333333"},
        {"/v1/jsonrpc",
         R"({"jsonrpc":"2.0","id":1,"method":"llm.complete","params":{"model":"spare","messages":[{"role":"user","content":"Hello"}]}})",
         "44444444444444444444444444444444"},
    };
    for (const auto& door : doors) {
        const auto response = http_request(gateway.port(), http::verb::post, door.path, door.body,
                                           {{"content-type", "application/json"},
                                            {"authorization", std::string("Bearer ") + key_secret},
                                            {"traceparent", traceparent_of(door.trace_id)}});
        ASSERT_EQ(response.result_int(), 200) << door.path << ": " << response.body();
    }
    for (const auto& door : doors) {
        SCOPED_TRACE(door.path);
        const auto spans = spans_of_trace(door.trace_id, 3);
        const auto servers = of_kind(spans, 2);
        const auto clients = of_kind(spans, 3);
        const auto internals = of_kind(spans, 1);
        ASSERT_EQ(servers.size(), 1u);
        ASSERT_EQ(clients.size(), 1u);
        ASSERT_EQ(internals.size(), 1u);
        EXPECT_EQ(text(servers[0].at("name")), "POST " + door.path);
        EXPECT_EQ(*attribute(servers[0], "llmgw.key_id"), "tracer-key");
        EXPECT_EQ(*attribute(servers[0], "llmgw.served_by"), "spare");
        EXPECT_EQ(*attribute(servers[0], "gen_ai.usage.input_tokens"), "12");
        EXPECT_EQ(clients[0].at("name"), "chat gpt-4o-mini");
        EXPECT_EQ(clients[0].at("parentSpanId"), servers[0].at("spanId"));
        EXPECT_EQ(*attribute(clients[0], "gen_ai.provider.name"), "openai");
        EXPECT_EQ(*attribute(clients[0], "gen_ai.usage.output_tokens"), "3");
        EXPECT_EQ(internals[0].at("name"), "llmgw reserve budget");
    }
    const auto metrics = http_request(gateway.port(), http::verb::get, "/metrics", {}, {}).body();
    EXPECT_EQ(metric_sample(metrics, R"(llm_requests_total{provider="backup",model="spare",status="200"})"), 4) << metrics;
    EXPECT_EQ(metric_sample(metrics, R"(llm_tokens_total{provider="backup",model="spare",token_type="input"})"), 48);

    ASSERT_EQ(gateway.stop(SIGTERM), 0) << gateway.log();
    const auto rows = sqlite_query(gateway.ledger_path(),
                                   "SELECT DISTINCT operation, model, served_model, provider, status, key_id, team, "
                                   "prompt_tokens, completion_tokens, cost_nanousd FROM ledger");
    ASSERT_EQ(rows.size(), 1u) << "four rows, all alike";
    EXPECT_EQ(sqlite_query(gateway.ledger_path(), "SELECT count(*) FROM ledger")[0][0], "4");
}

// A JSON-RPC call that names its agent's trace, without a traceparent,
// is traced in that trace.
TEST_F(TracingEndToEnd, AJsonRpcCallJoinsTheTraceItsAgentNames) {
    const std::string trace_id = "5bf92f3577b34da6a3ce929d0e0e4737";
    const auto response = http_request(
        gateway.port(), http::verb::post, "/v1/jsonrpc",
        R"({"jsonrpc":"2.0","id":1,"method":"llm.complete","params":{"model":"spare","messages":[{"role":"user","content":"Hi"}],)"
        R"("a2a_context":{"trace_id":")" + trace_id + R"(","source_agent":"planner"}}})",
        {{"content-type", "application/json"}, {"authorization", std::string("Bearer ") + key_secret}});
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_EQ(std::string(response["traceparent"]).substr(3, 32), trace_id);
    const auto spans = spans_of_trace(trace_id, 3);
    const auto servers = of_kind(spans, 2);
    ASSERT_EQ(servers.size(), 1u);
    EXPECT_FALSE(servers[0].contains("parentSpanId") && !text(servers[0].at("parentSpanId")).empty())
        << "the agent named a trace, not a span: the gateway's is its root here";
    ASSERT_EQ(backup.requests(), 1u);
    EXPECT_EQ(std::string(backup.fake.requests()[0]["traceparent"]).substr(3, 32), trace_id);
}

TEST_F(TracingEndToEnd, ARetriedStreamThatFellBackShowsEveryAttemptAndWhy) {
    flaky.script({error_reply(500, "server_error"), error_reply(503, "server_error"), error_reply(502, "server_error")});
    const std::string trace_id = "0af7651916cd43dd8448eb211c80319c";
    const auto response = chat("main", traceparent_of(trace_id), true);
    ASSERT_EQ(response.result_int(), 200) << response.body();

    const auto spans = spans_of_trace(trace_id, 5);
    const auto servers = of_kind(spans, 2);
    const auto attempts = of_kind(spans, 3);
    ASSERT_EQ(servers.size(), 1u);
    ASSERT_EQ(attempts.size(), 4u) << "three tries on main, then the fallback";
    const auto& server = servers[0];
    EXPECT_EQ(*attribute(server, "llmgw.served_by"), "spare");
    EXPECT_EQ(*attribute(server, "llmgw.stream"), true);
    EXPECT_EQ(*attribute(server, "llmgw.attempts"), "4");

    for (int i = 0; i < 3; ++i) {
        const auto& failed = attempts[i];
        EXPECT_EQ(failed.at("name"), "chat gpt-4o");
        EXPECT_EQ(text(*attribute(failed, "llmgw.attempt")), std::to_string(i + 1));
        EXPECT_EQ(*attribute(failed, "gen_ai.provider.name"), "flaky") << "a compatible server by its own name";
        EXPECT_EQ(*attribute(failed, "gen_ai.request.stream"), true);
        EXPECT_EQ(failed.at("status").at("code"), 2) << "a failed attempt is an error";
        EXPECT_TRUE(attribute(failed, "error.type").has_value());
        EXPECT_EQ(attribute(failed, "llmgw.retry_reason").has_value(), i > 0) << "the retries say why";
    }
    const auto& fallback = attempts[3];
    EXPECT_EQ(fallback.at("name"), "chat gpt-4o-mini");
    EXPECT_EQ(*attribute(fallback, "llmgw.fallback_from"), "main@flaky");
    EXPECT_EQ(*attribute(fallback, "llmgw.attempt"), "4");
    EXPECT_FALSE(fallback.contains("status"));
    EXPECT_TRUE(attribute(fallback, "gen_ai.response.time_to_first_chunk").has_value());
    EXPECT_EQ(*attribute(fallback, "gen_ai.usage.output_tokens"), "2");

    std::vector<std::string> events;
    for (const auto& event : server.at("events").as_array()) events.push_back(text(event.at("name")));
    EXPECT_EQ(events, (std::vector<std::string>{"retry", "retry", "fallback"}));
    const auto& fell_back = server.at("events").as_array()[2].as_object();
    EXPECT_EQ(*attribute(fell_back, "llmgw.deployment"), "main@flaky");
    EXPECT_EQ(*attribute(fell_back, "llmgw.fallback_to"), "spare@backup");

    // Each upstream request named its own attempt's span.
    auto upstream_requests = flaky.fake.requests();
    upstream_requests.push_back(backup.fake.requests().at(0));
    ASSERT_EQ(upstream_requests.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ(span_of(upstream_requests[i]["traceparent"]), text(attempts[i].at("spanId"))) << i;
    }

    // The metrics tell the same story, and no span was lost on the way.
    const auto metrics = http_request(gateway.port(), http::verb::get, "/metrics", "", {}).body();
    EXPECT_NE(metrics.find("llm_fallbacks_total{from=\"main\",to=\"spare\"} 1\n"), std::string::npos) << metrics;
    EXPECT_NE(metrics.find("llm_retries_total{provider=\"flaky\",deployment=\"main\"} 2\n"), std::string::npos)
        << metrics;
    EXPECT_NE(metrics.find("llm_telemetry_dropped_spans_total 0\n"), std::string::npos) << metrics;
}

TEST_F(TracingEndToEnd, RefusedCallsAreTracedWithTheirErrorAndNoAttempt) {
    const std::string forbidden_trace = "11111111111111111111111111111111";
    const auto forbidden = chat("secret-model", traceparent_of(forbidden_trace));
    ASSERT_EQ(forbidden.result_int(), 403) << forbidden.body();
    const auto spans = spans_of_trace(forbidden_trace, 1);
    ASSERT_EQ(spans.size(), 1u) << "nothing was attempted";
    EXPECT_EQ(*attribute(spans[0], "http.response.status_code"), "403");
    EXPECT_EQ(*attribute(spans[0], "error.type"), "model_not_allowed");

    const std::string anonymous_trace = "22222222222222222222222222222222";
    const auto anonymous = chat("main", traceparent_of(anonymous_trace), false, nullptr);
    ASSERT_EQ(anonymous.result_int(), 401);
    const auto refused = spans_of_trace(anonymous_trace, 1);
    ASSERT_EQ(refused.size(), 1u);
    EXPECT_EQ(*attribute(refused[0], "error.type"), "401");
    EXPECT_EQ(flaky.requests() + backup.requests(), 0u);
}

TEST_F(TracingEndToEnd, ACallersDecisionNotToSampleIsKeptAndPassedOn) {
    const std::string unsampled = "33333333333333333333333333333333";
    ASSERT_EQ(chat("spare", traceparent_of(unsampled, "00")).result_int(), 200);
    EXPECT_EQ(std::string(backup.fake.requests().at(0)["traceparent"]).substr(53), "00");
    const std::string sampled = "44444444444444444444444444444444";
    ASSERT_EQ(chat("spare", traceparent_of(sampled)).result_int(), 200);
    ASSERT_FALSE(spans_of_trace(sampled, 3).empty());
    EXPECT_TRUE(received(unsampled).empty()) << "the unsampled trace was exported (before the sampled one)";
}

TEST_F(ContentCaptureEndToEnd, TheConversationIsOnTheInferenceSpansTruncatedAndScrubbed) {
    const std::string trace_id = "5bf92f3577b34da6a3ce929d0e0e4736";
    const auto response = chat("spare", traceparent_of(trace_id));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    const auto spans = spans_of_trace(trace_id, 2);
    EXPECT_TRUE(of_kind(spans, 1).empty()) << "no budget, so no reservation step";
    const auto attempts = of_kind(spans, 3);
    ASSERT_EQ(attempts.size(), 1u);
    const auto& attempt = attempts[0];
    ASSERT_TRUE(attribute(attempt, "gen_ai.input.messages"));
    const auto input = json::parse(text(*attribute(attempt, "gen_ai.input.messages")));
    EXPECT_EQ(input.at(0).at("role"), "user");
    EXPECT_EQ(input.at(0).at("parts").at(0).at("type"), "text");
    EXPECT_FALSE(input.at(0).at("parts").at(0).at("content").as_string().empty());
    ASSERT_TRUE(attribute(attempt, "gen_ai.output.messages"));
    const auto output = json::parse(text(*attribute(attempt, "gen_ai.output.messages")));
    EXPECT_EQ(output.at(0).at("role"), "assistant");
    EXPECT_EQ(output.at(0).at("finish_reason"), "stop");
    EXPECT_EQ(output.at(0).at("parts").at(0).at("type"), "text");

    // 64 bytes of text at most: a long prompt is cut, and says so.
    const std::string long_trace = "6bf92f3577b34da6a3ce929d0e0e4736";
    const auto body = R"({"model":"spare","messages":[{"role":"user","content":"key llmgw-trace-key-0123456789 )" +
                      std::string(500, 'a') + R"("}]})";
    const auto long_response = http_request(gateway.port(), http::verb::post, "/v1/chat/completions", body,
                                            {{"content-type", "application/json"},
                                             {"authorization", std::string("Bearer ") + key_secret},
                                             {"traceparent", traceparent_of(long_trace)}});
    ASSERT_EQ(long_response.result_int(), 200) << long_response.body();
    const auto cut = of_kind(spans_of_trace(long_trace, 2), 3);
    ASSERT_EQ(cut.size(), 1u);
    const auto cut_input = json::parse(text(*attribute(cut[0], "gen_ai.input.messages")));
    const std::string content(cut_input.at(0).at("parts").at(0).at("content").as_string());
    EXPECT_EQ(content.size(), 64u);
    EXPECT_TRUE(content.starts_with("key [REDACTED] aaa")) << content;
    EXPECT_EQ(*attribute(cut[0], "llmgw.content_truncated"), true);
    for (const auto& request : collector.requests()) {
        EXPECT_EQ(request.body().find(key_secret), std::string::npos) << "a secret never reaches the collector";
    }
}

}  // namespace
}  // namespace llmgw::testing
