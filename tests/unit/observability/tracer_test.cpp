// The tracer's queue: bounded in spans, never blocking, whole requests in
// order, drops counted, and the exporter woken once per ready batch.

#include <thread>

#include <gtest/gtest.h>

#include "observability/tracing/tracer.hpp"

namespace llmgw::observability {
namespace {

std::vector<Span> request_spans(std::size_t count, const std::string& name) {
    std::vector<Span> spans(count);
    for (auto& span : spans) span.name = name;
    return spans;
}

TEST(Tracer, ADisabledTracerSamplesNothingAndKeepsNothing) {
    Tracer tracer;
    EXPECT_FALSE(tracer.enabled());
    EXPECT_FALSE(tracer.sampled(TraceId{1}, true));
    tracer.submit(request_spans(3, "a"));
    EXPECT_EQ(tracer.queued(), 0u);
    EXPECT_TRUE(tracer.take(10).empty());
}

TEST(Tracer, RequestsAreTakenWholeAndInOrder) {
    Tracer tracer(Sampler(), {.max_queue_spans = 100, .batch_spans = 50});
    tracer.submit(request_spans(2, "first"));
    tracer.submit(request_spans(3, "second"));
    tracer.submit(request_spans(1, "third"));
    EXPECT_EQ(tracer.queued(), 6u);
    const auto batch = tracer.take(4);
    ASSERT_EQ(batch.size(), 5u) << "the second request is not split to fit a batch";
    EXPECT_EQ(batch[0].name, "first");
    EXPECT_EQ(batch[4].name, "second");
    EXPECT_EQ(tracer.queued(), 1u);
    EXPECT_EQ(tracer.take(4)[0].name, "third");
    EXPECT_EQ(tracer.dropped(), 0u);
}

TEST(Tracer, WhatDoesNotFitIsDroppedAndCounted) {
    Tracer tracer(Sampler(), {.max_queue_spans = 5, .batch_spans = 5});
    tracer.submit(request_spans(3, "a"));
    tracer.submit(request_spans(3, "b"));  // 6 > 5
    tracer.submit(request_spans(2, "c"));
    EXPECT_EQ(tracer.queued(), 5u);
    EXPECT_EQ(tracer.dropped(), 3u);
    tracer.take(10);
    tracer.submit(request_spans(3, "d"));
    EXPECT_EQ(tracer.queued(), 3u) << "room again once taken";
    tracer.count_dropped(7);
    EXPECT_EQ(tracer.dropped(), 10u);
}

TEST(Tracer, TheExporterIsWokenOnceWhenABatchIsReady) {
    Tracer tracer(Sampler(), {.max_queue_spans = 100, .batch_spans = 4});
    int wakes = 0;
    tracer.on_batch_ready([&] { ++wakes; });
    tracer.submit(request_spans(3, "a"));
    EXPECT_EQ(wakes, 0);
    tracer.submit(request_spans(1, "b"));
    tracer.submit(request_spans(2, "c"));
    EXPECT_EQ(wakes, 1) << "not again until the exporter takes";
    tracer.take(100);
    tracer.submit(request_spans(4, "d"));
    EXPECT_EQ(wakes, 2);
}

TEST(Tracer, ManyThreadsSubmitWhileOneTakesAndNoSpanIsLostOrCountedTwice) {
    Tracer tracer(Sampler(), {.max_queue_spans = 64, .batch_spans = 16});
    constexpr int threads = 4, requests = 5'000;
    std::atomic<int> done{0};
    std::size_t taken = 0;
    std::vector<std::thread> submitters;
    for (int t = 0; t < threads; ++t) {
        submitters.emplace_back([&] {
            for (int i = 0; i < requests; ++i) tracer.submit(request_spans(2, "x"));
            ++done;
        });
    }
    while (done.load() < threads || tracer.queued() > 0) taken += tracer.take(16).size();
    for (auto& thread : submitters) thread.join();
    taken += tracer.take(1'000).size();
    EXPECT_EQ(taken + tracer.dropped(), std::size_t{threads} * requests * 2);
    EXPECT_GT(taken, 0u);
}

}  // namespace
}  // namespace llmgw::observability
