// The OTLP/HTTP exporter against a real collector on loopback: batches on
// schedule and when full, both encodings, the collector's headers, retries
// of what OTLP says to retry, drops counted, and a shutdown that flushes.
// Retry backoff runs on the manual clock; the schedule is real time, so the
// tests that wait on it set it short or long enough to tell.

#include <gtest/gtest.h>

#include <cstdio>

#include <boost/json/parse.hpp>

#include "adapters/outbound/otlp/otlp_exporter.hpp"
#include "fake_upstream.hpp"
#include "manual_clock.hpp"
#include "otlp_decoder.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;
namespace http = boost::beast::http;
using std::chrono::milliseconds;

std::vector<observability::Span> one_request(const std::string& name, std::size_t spans = 1) {
    std::vector<observability::Span> out(spans);
    for (auto& span : out) {
        span.trace_id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        span.span_id = {1, 1, 1, 1, 1, 1, 1, 1};
        span.name = name;
    }
    return out;
}

class OtlpExporterTest : public ::testing::Test {
protected:
    adapters::OtlpExporterOptions options(const FakeUpstream& collector, milliseconds delay) const {
        return {.url = "http://127.0.0.1:" + std::to_string(collector.port()) + "/v1/traces",
                .headers = {{"authorization", "Bearer otlp-secret-123"}, {"x-tenant", "llm"}},
                .schedule_delay = delay};
    }
    observability::TelemetryResource resource() const {
        return {.attributes = {{"service.name", std::string("llm-gateway")}}, .scope_name = "llm-gateway"};
    }
    std::string log_text() const {
        std::fflush(log);
        std::rewind(log);
        std::string text;
        char buffer[4096];
        while (std::fgets(buffer, sizeof buffer, log)) text += buffer;
        return text;
    }

    ManualClock clock;
    std::FILE* log = std::tmpfile();
    observability::Logger logger{log, observability::LogLevel::info};
    observability::Tracer tracer{observability::Sampler(), {.max_queue_spans = 100, .batch_spans = 3}};
};

TEST_F(OtlpExporterTest, QueuedSpansArePostedAsProtobufOnSchedule) {
    FakeUpstream collector([](const UpstreamRequest&) { return FakeReply{.status = 200, .content_type = "application/x-protobuf"}; });
    adapters::OtlpExporter exporter(options(collector, milliseconds(50)), tracer, resource(), clock, logger);
    tracer.submit(one_request("first"));
    ASSERT_TRUE(collector.wait_for([&] { return exporter.exported_batches() == 1; }));

    const auto request = collector.requests().at(0);
    EXPECT_EQ(request.method(), http::verb::post);
    EXPECT_EQ(request.target(), "/v1/traces");
    EXPECT_EQ(request[http::field::content_type], "application/x-protobuf");
    EXPECT_EQ(request["authorization"], "Bearer otlp-secret-123");
    EXPECT_EQ(request["x-tenant"], "llm");
    const auto decoded = decode_otlp_protobuf(request.body());
    const auto spans = spans_of(decoded);
    ASSERT_EQ(spans.size(), 1u);
    EXPECT_EQ(spans[0].at("name"), "first");
    EXPECT_EQ(spans[0].at("traceId"), "0102030405060708090a0b0c0d0e0f10");
    EXPECT_EQ(tracer.queued(), 0u);
    EXPECT_EQ(tracer.dropped(), 0u);
}

TEST_F(OtlpExporterTest, HttpJsonSendsTheJsonEncoding) {
    FakeUpstream collector([](const UpstreamRequest&) { return FakeReply{.status = 200}; });
    auto settings = options(collector, milliseconds(50));
    settings.json = true;
    adapters::OtlpExporter exporter(std::move(settings), tracer, resource(), clock, logger);
    tracer.submit(one_request("as-json"));
    ASSERT_TRUE(collector.wait_for([&] { return exporter.exported_batches() == 1; }));
    const auto request = collector.requests().at(0);
    EXPECT_EQ(request[http::field::content_type], "application/json");
    EXPECT_EQ(spans_of(json::parse(request.body())).at(0).at("name"), "as-json");
}

TEST_F(OtlpExporterTest, AFullBatchGoesOutWithoutWaitingForTheSchedule) {
    FakeUpstream collector([](const UpstreamRequest&) { return FakeReply{.status = 200}; });
    adapters::OtlpExporter exporter(options(collector, milliseconds(600'000)), tracer, resource(), clock, logger);
    tracer.submit(one_request("a", 2));
    tracer.submit(one_request("b", 2));  // 4 >= a batch of 3
    ASSERT_TRUE(collector.wait_for([&] { return exporter.exported_batches() == 1; }));
    EXPECT_EQ(spans_of(decode_otlp_protobuf(collector.requests().at(0).body())).size(), 4u);
}

TEST_F(OtlpExporterTest, TransientRefusalsAreRetriedAfterTheCollectorsRetryAfter) {
    std::atomic<int> calls{0};
    FakeUpstream collector([&](const UpstreamRequest&) {
        const int call = ++calls;
        if (call == 1) return FakeReply{.status = 503};
        if (call == 2) return FakeReply{.status = 429, .headers = {{"retry-after", "7"}}};
        return FakeReply{.status = 200};
    });
    adapters::OtlpExporter exporter(options(collector, milliseconds(20)), tracer, resource(), clock, logger);
    tracer.submit(one_request("retried"));
    ASSERT_TRUE(collector.wait_for([&] { return exporter.exported_batches() == 1; }));
    EXPECT_EQ(collector.request_count(), 3u);
    EXPECT_EQ(tracer.dropped(), 0u);
    ASSERT_EQ(clock.sleeps.size(), 2u);
    EXPECT_EQ(clock.sleeps[1], milliseconds(7'000)) << "the 429's Retry-After";
    const auto bodies = collector.requests();
    EXPECT_EQ(bodies[0].body(), bodies[2].body()) << "the same batch again";
}

TEST_F(OtlpExporterTest, ARefusedBatchIsDroppedAtOnceAndCountedWithoutItsSecretsLogged) {
    FakeUpstream collector([](const UpstreamRequest&) { return FakeReply{.status = 400, .body = "bad"}; });
    logger.add_secret("otlp-secret-123");
    adapters::OtlpExporter exporter(options(collector, milliseconds(20)), tracer, resource(), clock, logger);
    tracer.submit(one_request("refused", 2));
    ASSERT_TRUE(collector.wait_for([&] { return tracer.dropped() == 2; }));
    EXPECT_EQ(collector.request_count(), 1u) << "a 400 is not retried";
    EXPECT_TRUE(clock.sleeps.empty());
    const auto text = log_text();
    EXPECT_NE(text.find("otlp_export_failed"), std::string::npos) << text;
    EXPECT_EQ(text.find("otlp-secret-123"), std::string::npos);
}

TEST_F(OtlpExporterTest, ACollectorThatIsDownCostsSubmittersNothingAndItsSpansAreCountedAsDropped) {
    std::uint16_t closed_port = 0;
    {
        FakeUpstream gone([](const UpstreamRequest&) { return FakeReply{}; });
        closed_port = gone.port();
    }
    adapters::OtlpExporterOptions settings{.url = "http://127.0.0.1:" + std::to_string(closed_port) + "/v1/traces",
                                           .schedule_delay = milliseconds(10)};
    settings.retry.max_attempts = 3;
    adapters::OtlpExporter exporter(std::move(settings), tracer, resource(), clock, logger);
    for (int i = 0; i < 200; ++i) tracer.submit(one_request("lost"));  // the queue holds 100
    EXPECT_LE(tracer.queued(), 100u) << "the queue never grows past its bound";
    FakeUpstream witness([](const UpstreamRequest&) { return FakeReply{}; });
    ASSERT_TRUE(witness.wait_for([&] { return tracer.dropped() == 200; }, milliseconds(20'000)));
    EXPECT_EQ(exporter.exported_batches(), 0u);
}

TEST_F(OtlpExporterTest, ShutdownFlushesWhatIsStillQueued) {
    FakeUpstream collector([](const UpstreamRequest&) { return FakeReply{.status = 200}; });
    {
        adapters::OtlpExporter exporter(options(collector, milliseconds(600'000)), tracer, resource(), clock, logger);
        tracer.submit(one_request("last words"));
    }
    ASSERT_EQ(collector.request_count(), 1u);
    EXPECT_EQ(spans_of(decode_otlp_protobuf(collector.requests().at(0).body())).at(0).at("name"), "last words");
    EXPECT_EQ(tracer.queued(), 0u);
}

}  // namespace
}  // namespace llmgw::testing
