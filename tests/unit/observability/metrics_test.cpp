// The Prometheus text exposition of the metrics registry: names, labels
// and their escaping, exact scaled values, cumulative histogram buckets,
// and a bound on series.

#include <gtest/gtest.h>

#include "observability/metrics/metrics.hpp"

namespace llmgw::observability {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Metrics, CountersAreExposedWithTheirLabelsAndType) {
    MetricsRegistry registry;
    auto& requests = registry.counter("llm_requests_total", "Requests answered.", {"provider", "model", "status"});
    requests.with({"openai", "gpt-4.1-mini", "200"}).add();
    requests.with({"openai", "gpt-4.1-mini", "200"}).add(2);
    requests.with({"anthropic", "claude", "429"}).add();
    const auto text = registry.exposition();
    EXPECT_TRUE(contains(text, "# HELP llm_requests_total Requests answered.\n# TYPE llm_requests_total counter\n"));
    EXPECT_TRUE(contains(text, "llm_requests_total{provider=\"openai\",model=\"gpt-4.1-mini\",status=\"200\"} 3\n"));
    EXPECT_TRUE(contains(text, "llm_requests_total{provider=\"anthropic\",model=\"claude\",status=\"429\"} 1\n"));
}

TEST(Metrics, LabelValuesAndHelpAreEscaped) {
    MetricsRegistry registry;
    registry.counter("c_total", "a \\ help\nline", {"agent"}).with({"say \"hi\"\\\n"}).add();
    const auto text = registry.exposition();
    EXPECT_TRUE(contains(text, "# HELP c_total a \\\\ help\\nline\n")) << text;
    EXPECT_TRUE(contains(text, "c_total{agent=\"say \\\"hi\\\"\\\\\\n\"} 1\n")) << text;
}

TEST(Metrics, NanoDollarsAreShownAsExactDollars) {
    MetricsRegistry registry;
    auto& cost = registry.counter("llm_cost_usd_total", "Cost.", {}, Shown{9});
    cost.with({}).add(12'500'000'001);
    EXPECT_TRUE(contains(registry.exposition(), "llm_cost_usd_total 12.500000001\n"));
    registry.counter("whole_usd_total", "Whole.", {}, Shown{9}).with({}).add(3'000'000'000);
    EXPECT_TRUE(contains(registry.exposition(), "whole_usd_total 3\n"));
}

TEST(Metrics, HistogramBucketsAreCumulativeWithSumAndCount) {
    MetricsRegistry registry;
    const std::vector<std::int64_t> bounds{10'000, 20'000, 40'000};
    auto& durations = registry.histogram("d_seconds", "Durations.", {"model"}, bounds);
    auto& series = durations.with({"m"});
    series.observe_us(5'000);
    series.observe_us(10'000);  // on a bound: counted in it (le)
    series.observe_us(30'000);
    series.observe_us(90'000'000);
    const auto text = registry.exposition();
    EXPECT_TRUE(contains(text, "# TYPE d_seconds histogram\n"));
    EXPECT_TRUE(contains(text, "d_seconds_bucket{model=\"m\",le=\"0.01\"} 2\n")) << text;
    EXPECT_TRUE(contains(text, "d_seconds_bucket{model=\"m\",le=\"0.02\"} 2\n"));
    EXPECT_TRUE(contains(text, "d_seconds_bucket{model=\"m\",le=\"0.04\"} 3\n"));
    EXPECT_TRUE(contains(text, "d_seconds_bucket{model=\"m\",le=\"+Inf\"} 4\n"));
    EXPECT_TRUE(contains(text, "d_seconds_sum{model=\"m\"} 90.045\n"));
    EXPECT_TRUE(contains(text, "d_seconds_count{model=\"m\"} 4\n"));
}

TEST(Metrics, TheLatencyBucketsFollowTheGenAiAdvice) {
    EXPECT_EQ(request_duration_buckets_us().front(), 10'000);
    EXPECT_EQ(request_duration_buckets_us().back(), 81'920'000);
    EXPECT_EQ(first_token_buckets_us().front(), 1'000);
}

TEST(Metrics, ComputedValuesAreReadAtScrapeTime) {
    MetricsRegistry registry;
    double value = 1;
    registry.computed("process_open_fds", "Open fds.", MetricsRegistry::Kind::gauge, [&] { return value; });
    value = 42;
    EXPECT_TRUE(contains(registry.exposition(), "# TYPE process_open_fds gauge\nprocess_open_fds 42\n"));
}

TEST(Metrics, ScrapeHooksSetGaugesBeforeEachExposition) {
    MetricsRegistry registry;
    auto& active = registry.gauge("llm_active_requests", "Calls under way.", {"provider"});
    std::int64_t under_way = 3;
    registry.on_scrape([&] { active.with({"openai"}).set(under_way); });
    EXPECT_TRUE(contains(registry.exposition(), "llm_active_requests{provider=\"openai\"} 3\n"));
    under_way = 0;
    EXPECT_TRUE(contains(registry.exposition(), "llm_active_requests{provider=\"openai\"} 0\n"));
}

TEST(Metrics, OpenMetricsNamesCounterFamiliesWithoutTotalAndEndsWithEof) {
    MetricsRegistry registry;
    registry.counter("llm_requests_total", "Requests \"answered\".", {"status"}).with({"200"}).add(2);
    registry.gauge("llm_active_requests", "Calls.", {}).with({}).set(1);
    registry.histogram("llm_requests_duration_seconds", "Time.", {}, {10'000}).with({}).observe_us(5'000);
    const auto text = registry.exposition(MetricsRegistry::Format::openmetrics);
    EXPECT_TRUE(contains(text, "# HELP llm_requests Requests \\\"answered\\\".\n# TYPE llm_requests counter\n"
                               "llm_requests_total{status=\"200\"} 2\n")) << text;
    EXPECT_TRUE(contains(text, "# TYPE llm_active_requests gauge\nllm_active_requests 1\n")) << text;
    EXPECT_TRUE(contains(text, "llm_requests_duration_seconds_bucket{le=\"0.01\"} 1\n")) << text;
    EXPECT_TRUE(text.ends_with("# EOF\n")) << text;
    // The Prometheus text format keeps the name whole and has no EOF.
    const auto plain = registry.exposition();
    EXPECT_TRUE(contains(plain, "# TYPE llm_requests_total counter\n"));
    EXPECT_FALSE(contains(plain, "# EOF"));
}

TEST(Metrics, SeriesBeyondTheBoundShareAnOverflowSeries) {
    MetricsRegistry registry;
    auto& agents = registry.counter("agents_total", "By agent.", {"agent"});
    for (std::size_t i = 0; i < MetricsRegistry::max_series_per_family + 5; ++i) {
        agents.with({"agent-" + std::to_string(i)}).add();
    }
    const auto text = registry.exposition();
    EXPECT_TRUE(contains(text, "agents_total{agent=\"overflow\"} 5\n"));
}

}  // namespace
}  // namespace llmgw::observability
