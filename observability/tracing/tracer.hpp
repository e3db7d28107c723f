#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "observability/tracing/bounded_queue.hpp"
#include "observability/tracing/sampler.hpp"
#include "observability/tracing/span.hpp"

namespace llmgw::observability {

struct TracerOptions {
    // Spans waiting for the exporter at most (OTEL_BSP_MAX_QUEUE_SIZE);
    // beyond it a finished request's spans are dropped, and counted.
    std::size_t max_queue_spans = 2048;
    // Spans per export (OTEL_BSP_MAX_EXPORT_BATCH_SIZE): once this many
    // wait, the exporter is woken before its schedule.
    std::size_t batch_spans = 512;
};

// Where finished spans wait for the exporter, and which traces are
// recorded at all. Request threads hand over a request's spans without a
// lock and without waiting (`submit`); the exporter's thread takes them in
// batches. A value passed in, never a global: a gateway without an OTLP
// endpoint has a disabled tracer, which samples nothing.
class Tracer {
public:
    // Tracing off.
    Tracer();
    Tracer(Sampler sampler, TracerOptions options);
    Tracer(const Tracer&) = delete;
    Tracer& operator=(const Tracer&) = delete;

    bool enabled() const noexcept { return enabled_; }
    // Whether the trace is recorded: never when tracing is off.
    bool sampled(const TraceId& trace_id, std::optional<bool> parent_sampled) const noexcept {
        return enabled_ && sampler_.sampled(trace_id, parent_sampled);
    }

    // Queues one request's spans; drops (and counts) them when the queue is
    // full. Never blocks.
    void submit(std::vector<Span> spans) noexcept;

    // The exporter's side. `wake` is called (on a request thread, at most
    // once until the next `take`) when a batch is ready; set it before any
    // request is served.
    void on_batch_ready(std::function<void()> wake) { wake_ = std::move(wake); }
    // The spans of whole requests, oldest first, until at least `max` are
    // taken or none are left.
    std::vector<Span> take(std::size_t max);
    std::size_t queued() const noexcept { return queued_spans_.load(std::memory_order_relaxed); }
    // Spans that will never reach the collector: the exporter counts those
    // it gives up on here too. Whoever reads a count also sees what was done
    // before it was counted (the exporter's log line, say).
    void count_dropped(std::size_t spans) noexcept { dropped_.fetch_add(spans, std::memory_order_release); }
    std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_acquire); }

    const TracerOptions& options() const noexcept { return options_; }

private:
    bool enabled_;
    Sampler sampler_;
    TracerOptions options_;
    BoundedQueue<std::vector<Span>> queue_;
    std::atomic<std::size_t> queued_spans_{0};
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<bool> wake_pending_{false};
    std::function<void()> wake_;
};

}  // namespace llmgw::observability
