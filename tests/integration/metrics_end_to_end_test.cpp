// GET /metrics of the built gateway after a known sequence of calls: the
// values it reports, and the exposition as Prometheus's own promtool
// checks it.

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <utility>

#include <unistd.h>

#include "gateway_process.hpp"
#include "http_test_client.hpp"
#include "metric_sample.hpp"

namespace llmgw::testing {
namespace {
namespace http = boost::beast::http;

const std::string config = R"(
providers: [{ name: mock, kind: mock }]
models:
  - { name: mock-echo, provider: mock, pricing: { input_per_mtok: 1.00, output_per_mtok: 2.00 } }
ledger: { kind: memory }
)";

std::string chat(const std::string& model, bool stream = false) {
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"count these words"}])" +
           (stream ? R"(,"stream":true,"stream_options":{"include_usage":true}})" : "}");
}

// Runs `command` with `exposition` as its standard input: its exit status
// and what it printed.
std::pair<int, std::string> run_checker(const std::string& command, const std::string& exposition) {
    const std::string path = "/tmp/llmgw-metrics-" + std::to_string(::getpid()) + ".txt";
    std::ofstream(path) << exposition;
    const auto line = command + " < " + path + " 2>&1";
    FILE* checker = ::popen(line.c_str(), "r");
    if (!checker) return {-1, "cannot run " + command};
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, checker)) output += buffer;
    const int status = ::pclose(checker);
    std::remove(path.c_str());
    return {status, output};
}

TEST(MetricsEndToEnd, CountsWhatWasServedAndPromtoolAcceptsTheExposition) {
    GatewayProcess gateway(config);
    for (int i = 0; i < 2; ++i) ASSERT_EQ(post_json(gateway.port(), "/v1/chat/completions", chat("mock-echo")).result_int(), 200);
    ASSERT_EQ(post_json(gateway.port(), "/v1/chat/completions", chat("mock-echo", true)).result_int(), 200);
    ASSERT_EQ(post_json(gateway.port(), "/v1/chat/completions", chat("no-such-model")).result_int(), 404);

    const auto response = http_request(gateway.port(), http::verb::get, "/metrics", {}, {});
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_EQ(response[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
    const auto text = response.body();

    EXPECT_EQ(metric_sample(text, R"(llm_requests_total{provider="mock",model="mock-echo",status="200"})"), 3) << text;
    EXPECT_EQ(metric_sample(text, R"(llm_requests_total{provider="none",model="other",status="404"})"), 1)
        << "a model nobody configured is never a label";
    EXPECT_EQ(metric_sample(text, R"(llm_errors_total{provider="none",model="other",error_type="model_not_found"})"), 1);
    EXPECT_EQ(metric_sample(text, R"(llm_requests_duration_seconds_count{provider="mock",model="mock-echo"})"), 3);
    EXPECT_EQ(metric_sample(text, R"(llm_time_to_first_token_seconds_count{provider="mock",model="mock-echo"})"), 1)
        << "only the stream has a first token";
    EXPECT_EQ(metric_sample(text, "llm_gateway_overhead_seconds_count"), 3) << "the calls that reached an upstream";
    EXPECT_LT(metric_sample(text, "llm_gateway_overhead_seconds_sum"),
              metric_sample(text, R"(llm_requests_duration_seconds_sum{provider="mock",model="mock-echo"})"));
    const auto input = metric_sample(text, R"(llm_tokens_total{provider="mock",model="mock-echo",token_type="input"})");
    const auto output = metric_sample(text, R"(llm_tokens_total{provider="mock",model="mock-echo",token_type="output"})");
    EXPECT_GT(input, 0);
    EXPECT_GT(output, 0);
    // $1 and $2 per million tokens: the cost is exactly what the tokens say.
    EXPECT_DOUBLE_EQ(metric_sample(text, R"(llm_cost_usd_total{provider="mock",model="mock-echo",team="none",project="none"})"),
                     (input * 1 + output * 2) / 1e6);
    EXPECT_GT(metric_sample(text, "process_resident_memory_bytes"), 0);
    EXPECT_GT(metric_sample(text, "process_open_fds"), 0);

    const auto [status, findings] = run_checker("promtool check metrics", text);
    EXPECT_EQ(status, 0) << "promtool (from Debian's prometheus package) must be installed and accept it:\n" << findings;
    EXPECT_EQ(findings, "");
}

TEST(MetricsEndToEnd, AttemptsBudgetsAndCallsUnderWayAndOpenMetricsWhenAsked) {
    GatewayProcess gateway(config + "budgets: [{ limit_usd: 1, period: monthly }]\n");
    for (int i = 0; i < 2; ++i) ASSERT_EQ(post_json(gateway.port(), "/v1/chat/completions", chat("mock-echo")).result_int(), 200);

    const auto text = http_request(gateway.port(), http::verb::get, "/metrics", {}, {}).body();
    EXPECT_EQ(metric_sample(text, R"(llm_upstream_attempts_total{provider="mock",deployment="mock-echo",outcome="success"})"), 2)
        << text;
    EXPECT_EQ(metric_sample(text, R"(llm_active_requests{provider="mock"})"), 0) << "nothing under way between calls";
    const auto cost = metric_sample(text, R"(llm_cost_usd_total{provider="mock",model="mock-echo",team="none",project="none"})");
    EXPECT_GT(cost, 0);
    EXPECT_DOUBLE_EQ(metric_sample(text, R"(llm_budget_remaining_usd{scope="global",name="gateway",period="monthly"})"), 1 - cost);

    // What Prometheus sends: OpenMetrics first.
    const auto openmetrics = http_request(gateway.port(), http::verb::get, "/metrics", {},
                                          {{"accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"}});
    ASSERT_EQ(openmetrics.result_int(), 200);
    EXPECT_EQ(openmetrics[http::field::content_type], "application/openmetrics-text; version=1.0.0; charset=utf-8");
    EXPECT_NE(openmetrics.body().find("# TYPE llm_requests counter\n"), std::string::npos) << openmetrics.body();
    // The Prometheus project's own OpenMetrics parser (Debian's
    // python3-prometheus-client) must read it whole.
    const auto [status, findings] = run_checker(
        "/usr/bin/python3 -c 'import sys; from prometheus_client.openmetrics.parser import text_string_to_metric_families as p; "
        "print(sum(1 for _ in p(sys.stdin.read())))'",
        openmetrics.body());
    EXPECT_EQ(status, 0) << findings;
    EXPECT_GT(std::atoi(findings.c_str()), 20) << findings;
}

// The port the gateway logged for its telemetry listener, or 0.
unsigned short metrics_port(const std::string& log) {
    const auto line = log.find("metrics_listening");
    const auto address = log.find("127.0.0.1:", line);
    if (line == std::string::npos || address == std::string::npos) return 0;
    return static_cast<unsigned short>(std::atoi(log.c_str() + address + 10));
}

TEST(MetricsEndToEnd, TheTelemetryPortServesMetricsAndNothingACallerCouldUse) {
    GatewayProcess gateway(config + R"(
auth:
  admin_key_env: TEST_ADMIN_KEY
  keys: [{ id: ranker, key_env: TEST_RANKER_KEY }]
telemetry: { metrics_listen: "127.0.0.1:0", metrics_auth: true }
)",
                           {{"TEST_ADMIN_KEY", "sk-admin-1"}, {"TEST_RANKER_KEY", "sk-ranker-1"}});
    const auto port = metrics_port(gateway.log());
    ASSERT_NE(port, 0) << gateway.log();
    ASSERT_NE(port, gateway.port());
    ASSERT_EQ(http_request(gateway.port(), http::verb::post, "/v1/chat/completions", chat("mock-echo"),
                           {{"authorization", "Bearer sk-ranker-1"}, {"content-type", "application/json"}})
                  .result_int(),
              200);

    const auto admin = std::vector<std::pair<std::string, std::string>>{{"authorization", "Bearer sk-admin-1"}};
    const auto scrape = http_request(port, http::verb::get, "/metrics", {}, admin);
    ASSERT_EQ(scrape.result_int(), 200);
    EXPECT_EQ(metric_sample(scrape.body(), R"(llm_requests_total{provider="mock",model="mock-echo",status="200"})"), 1)
        << scrape.body();
    EXPECT_EQ(http_request(port, http::verb::get, "/metrics", {}, {}).result_int(), 401) << "metrics_auth holds here too";
    EXPECT_EQ(http_request(port, http::verb::get, "/healthz", {}, {}).result_int(), 200);
    // Not a way in: the OpenAI routes are not served on this port.
    EXPECT_EQ(http_request(port, http::verb::post, "/v1/chat/completions", chat("mock-echo"),
                           {{"authorization", "Bearer sk-admin-1"}, {"content-type", "application/json"}})
                  .result_int(),
              404);
    EXPECT_EQ(http_request(port, http::verb::get, "/v1/models", {}, admin).result_int(), 404);
}

TEST(MetricsEndToEnd, WithMetricsAuthOnlyTheAdminKeyMayScrape) {
    GatewayProcess gateway(config + R"(
auth:
  admin_key_env: TEST_ADMIN_KEY
  keys: [{ id: ranker, key_env: TEST_RANKER_KEY }]
telemetry: { metrics_auth: true }
)",
                           {{"TEST_ADMIN_KEY", "sk-admin-1"}, {"TEST_RANKER_KEY", "sk-ranker-1"}});
    const auto scrape = [&](std::vector<std::pair<std::string, std::string>> headers) {
        return http_request(gateway.port(), http::verb::get, "/metrics", {}, headers);
    };
    EXPECT_EQ(scrape({}).result_int(), 401);
    EXPECT_EQ(scrape({{"authorization", "Bearer sk-ranker-1"}}).result_int(), 403);
    const auto admin = scrape({{"authorization", "Bearer sk-admin-1"}});
    EXPECT_EQ(admin.result_int(), 200);
    EXPECT_NE(admin.body().find("# TYPE llm_requests_total counter"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::testing
