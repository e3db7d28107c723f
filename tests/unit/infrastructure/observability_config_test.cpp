// The `telemetry:` and `log:` sections and the OpenTelemetry environment
// variables over them.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "config_text.hpp"
#include "infrastructure/config/config_loader.hpp"

namespace llmgw::infrastructure {
namespace {

const std::string minimal_yaml = "providers:\n  - { name: mock, kind: mock }\nmodels:\n  - { name: m, provider: mock }\n";

TEST(LoadTelemetryConfig, MetricsAreOpenUnlessMetricsAuthIsSet) {
    const auto open = load_config_text(minimal_yaml, "gateway.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}}));
    EXPECT_FALSE(open.telemetry.metrics_auth);
    const auto closed = load_config_text(minimal_yaml + "telemetry: { metrics_auth: true }\n", "gateway.yaml",
                                         fake_env({{"OPENAI_API_KEY", "sk-test"}}));
    EXPECT_TRUE(closed.telemetry.metrics_auth);
    EXPECT_NE(load_error(minimal_yaml + "telemetry: { metrics: on }\n").find("unknown key"), std::string::npos);
}

TEST(LoadTelemetryConfig, MetricsMayHaveAListenerOfTheirOwn) {
    EXPECT_FALSE(load_config_text(minimal_yaml, "gateway.yaml", fake_env({})).telemetry.metrics_listen);
    const auto config = load_config_text(minimal_yaml + "telemetry: { metrics_listen: \"[::1]:9464\" }\n", "gateway.yaml",
                                         fake_env({}));
    ASSERT_TRUE(config.telemetry.metrics_listen);
    EXPECT_EQ(config.telemetry.metrics_listen->host, "::1");
    EXPECT_EQ(config.telemetry.metrics_listen->port, 9464);
    EXPECT_NE(load_error(minimal_yaml + "telemetry: { metrics_listen: 9464 }\n").find("telemetry.metrics_listen"),
              std::string::npos);
}

// The tracing settings a configuration and an environment give.
TracingConfig tracing_of(const std::string& telemetry_yaml, std::map<std::string, std::string> env) {
    env.emplace("OPENAI_API_KEY", "sk-test");
    return load_config_text(minimal_yaml + telemetry_yaml, "gateway.yaml", fake_env(std::move(env))).telemetry.tracing;
}

TEST(LoadTelemetryConfig, TracingIsOffWithoutAnEndpoint) {
    const auto tracing = tracing_of("", {});
    EXPECT_TRUE(tracing.endpoint.empty());
    EXPECT_FALSE(tracing.json);
    EXPECT_EQ(tracing.service_name, "llm-gateway");
    EXPECT_EQ(tracing.sampler, "parentbased_always_on");
    EXPECT_EQ(tracing.timeout, std::chrono::milliseconds(10'000));
    EXPECT_EQ(tracing.max_queue_size, 2048u);
    EXPECT_EQ(tracing.max_export_batch_size, 512u);
    EXPECT_EQ(tracing.schedule_delay, std::chrono::milliseconds(5'000));
}

TEST(LoadTelemetryConfig, TheGeneralEndpointGetsTheTracesPathAndTheTracesEndpointIsUsedAsItIs) {
    EXPECT_EQ(tracing_of("", {{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318"}}).endpoint,
              "http://jaeger:4318/v1/traces");
    EXPECT_EQ(tracing_of("", {{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/otlp/"}}).endpoint,
              "http://collector:4318/otlp/v1/traces");
    EXPECT_EQ(tracing_of("", {{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://a:4318"},
                              {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://b/custom/path"}})
                  .endpoint,
              "https://b/custom/path");
    EXPECT_EQ(tracing_of("telemetry: { otlp_endpoint: \"http://file:4318\" }\n", {}).endpoint,
              "http://file:4318/v1/traces");
    EXPECT_EQ(tracing_of("telemetry: { otlp_endpoint: \"http://file:4318\" }\n",
                         {{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://env:4318"}})
                  .endpoint,
              "http://env:4318/v1/traces")
        << "the environment overrides the file";
}

TEST(LoadTelemetryConfig, ProtocolHeadersTimeoutAndBatchingComeFromTheStandardVariables) {
    const auto tracing = tracing_of("", {{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318"},
                                         {"OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"},
                                         {"OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20abc, x-tenant = one"},
                                         {"OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-tenant=two"},
                                         {"OTEL_EXPORTER_OTLP_TIMEOUT", "2500"},
                                         {"OTEL_BSP_MAX_QUEUE_SIZE", "100"},
                                         {"OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "500"},
                                         {"OTEL_BSP_SCHEDULE_DELAY", "250"}});
    EXPECT_TRUE(tracing.json);
    using Headers = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(tracing.headers, (Headers{{"authorization", "Bearer abc"}, {"x-tenant", "two"}}));
    EXPECT_EQ(tracing.timeout, std::chrono::milliseconds(2'500));
    EXPECT_EQ(tracing.max_queue_size, 100u);
    EXPECT_EQ(tracing.max_export_batch_size, 100u) << "never more than the queue holds";
    EXPECT_EQ(tracing.schedule_delay, std::chrono::milliseconds(250));
    EXPECT_FALSE(tracing_of("", {{"OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"},
                                 {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"}})
                     .json);
}

TEST(LoadTelemetryConfig, TheServiceAndResourceAttributesComeFromTheEnvironmentOverTheFile) {
    const auto tracing = tracing_of("telemetry: { service_name: from-file, resource_attributes: { region: eu } }\n",
                                    {{"OTEL_RESOURCE_ATTRIBUTES", "service.name=from-attrs,region=us,team=a%2Cb"}});
    EXPECT_EQ(tracing.service_name, "from-attrs");
    using Attributes = std::vector<std::pair<std::string, std::string>>;
    EXPECT_EQ(tracing.resource_attributes, (Attributes{{"region", "us"}, {"team", "a,b"}}));
    EXPECT_EQ(tracing_of("", {{"OTEL_RESOURCE_ATTRIBUTES", "service.name=x"}, {"OTEL_SERVICE_NAME", "wins"}}).service_name,
              "wins");
}

TEST(LoadTelemetryConfig, TheSdkCanBeSwitchedOffWhateverElseIsSet) {
    const std::map<std::string, std::string> on{{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318"}};
    auto off = on;
    off.emplace("OTEL_SDK_DISABLED", "true");
    EXPECT_TRUE(tracing_of("", off).endpoint.empty());
    auto none = on;
    none.emplace("OTEL_TRACES_EXPORTER", "none");
    EXPECT_TRUE(tracing_of("", none).endpoint.empty());
    auto not_really = on;
    not_really.emplace("OTEL_SDK_DISABLED", "false");
    EXPECT_FALSE(tracing_of("", not_really).endpoint.empty());
}

TEST(LoadTelemetryConfig, UnusableTracingSettingsFailStartUpNamingTheSetting) {
    const auto fails = [](const std::string& yaml, std::map<std::string, std::string> env) {
        env.emplace("OPENAI_API_KEY", "sk-test");
        return load_error(minimal_yaml + yaml, std::move(env));
    };
    EXPECT_NE(fails("", {{"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"}}).find("grpc is not supported"), std::string::npos);
    EXPECT_NE(fails("", {{"OTEL_TRACES_SAMPLER", "jaeger_remote"}}).find("unknown sampler"), std::string::npos);
    EXPECT_NE(fails("", {{"OTEL_TRACES_SAMPLER", "traceidratio"}, {"OTEL_TRACES_SAMPLER_ARG", "2"}})
                  .find("unknown sampler"),
              std::string::npos);
    EXPECT_NE(fails("", {{"OTEL_EXPORTER_OTLP_TIMEOUT", "soon"}}).find("OTEL_EXPORTER_OTLP_TIMEOUT"), std::string::npos);
    EXPECT_NE(fails("", {{"OTEL_EXPORTER_OTLP_HEADERS", "novalue"}}).find("OTEL_EXPORTER_OTLP_HEADERS"),
              std::string::npos);
    const auto bad_url = fails("", {{"OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://user:pw@host"}});
    EXPECT_NE(bad_url.find("OTEL_EXPORTER_OTLP_ENDPOINT"), std::string::npos);
    EXPECT_EQ(bad_url.find("pw"), std::string::npos) << "a URL is never quoted";
    EXPECT_NE(fails("telemetry: { sampler: sometimes }\n", {}).find("unknown sampler"), std::string::npos);
    EXPECT_NE(fails("telemetry: { otlp_headers_env: NOT_SET }\n", {}).find("NOT_SET"), std::string::npos);
}

TEST(LoadTelemetryConfig, HeadersFromTheFileComeFromTheVariableItNames) {
    const auto tracing =
        tracing_of("telemetry: { otlp_traces_endpoint: \"https://otlp.example/v1/traces\", otlp_headers_env: OTLP_AUTH, "
                   "otlp_protocol: http/json, otlp_timeout_ms: 3000, sampler: parentbased_traceidratio, sampler_arg: "
                   "\"0.25\", max_queue_size: 64, max_export_batch_size: 16, schedule_delay_ms: 100 }\n",
                   {{"OTLP_AUTH", "api-key=s3cr3t"}});
    EXPECT_EQ(tracing.endpoint, "https://otlp.example/v1/traces");
    EXPECT_EQ(tracing.headers, (std::vector<std::pair<std::string, std::string>>{{"api-key", "s3cr3t"}}));
    EXPECT_TRUE(tracing.json);
    EXPECT_EQ(tracing.timeout, std::chrono::milliseconds(3'000));
    EXPECT_EQ(tracing.sampler, "parentbased_traceidratio");
    EXPECT_EQ(tracing.sampler_arg, "0.25");
    EXPECT_EQ(tracing.max_queue_size, 64u);
    EXPECT_EQ(tracing.max_export_batch_size, 16u);
    EXPECT_EQ(tracing.schedule_delay, std::chrono::milliseconds(100));
}

TEST(LoadLogConfig, DefaultsToJsonAtInfoWithEveryAccessLine) {
    const auto log = load_config_text(minimal_yaml, "gateway.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}})).log;
    EXPECT_FALSE(log.text);
    EXPECT_EQ(log.level, "info");
    EXPECT_TRUE(log.access);
    EXPECT_EQ(log.access_sample, 1.0);
    EXPECT_EQ(log.max_queued_lines, 65'536u);
}

TEST(LoadLogConfig, ReadsEveryKeyAndRefusesWhatItCannotUse) {
    const auto log = load_config_text(minimal_yaml + "log: { format: text, level: warn, access: false, access_sample: 0.25, "
                                                   "max_queued_lines: 1000 }\n",
                                      "gateway.yaml", fake_env({{"OPENAI_API_KEY", "sk-test"}}))
                         .log;
    EXPECT_TRUE(log.text);
    EXPECT_EQ(log.level, "warn");
    EXPECT_FALSE(log.access);
    EXPECT_EQ(log.access_sample, 0.25);
    EXPECT_EQ(log.max_queued_lines, 1000u);
    EXPECT_NE(load_error(minimal_yaml + "log: { format: xml }\n").find("log.format"), std::string::npos);
    EXPECT_NE(load_error(minimal_yaml + "log: { level: loud }\n").find("log.level"), std::string::npos);
    EXPECT_NE(load_error(minimal_yaml + "log: { access_sample: 1.5 }\n").find("log.access_sample"), std::string::npos);
    EXPECT_NE(load_error(minimal_yaml + "log: { access_sample: -1 }\n").find("log.access_sample"), std::string::npos);
    EXPECT_NE(load_error(minimal_yaml + "log: { colour: true }\n").find("unknown key"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::infrastructure
