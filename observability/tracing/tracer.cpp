#include "observability/tracing/tracer.hpp"

namespace llmgw::observability {

Tracer::Tracer() : enabled_(false), queue_(2) {}

Tracer::Tracer(Sampler sampler, TracerOptions options)
    : enabled_(true), sampler_(sampler), options_(options), queue_(options.max_queue_spans) {}

void Tracer::submit(std::vector<Span> spans) noexcept {
    const std::size_t count = spans.size();
    if (!enabled_ || count == 0) return;
    const std::size_t before = queued_spans_.fetch_add(count, std::memory_order_relaxed);
    if (before + count > options_.max_queue_spans || !queue_.try_push(spans)) {
        queued_spans_.fetch_sub(count, std::memory_order_relaxed);
        count_dropped(count);
        return;
    }
    if (before + count >= options_.batch_spans && wake_ && !wake_pending_.exchange(true)) wake_();
}

std::vector<Span> Tracer::take(std::size_t max) {
    wake_pending_.store(false);
    std::vector<Span> batch;
    while (batch.size() < max) {
        auto request = queue_.try_pop();
        if (!request) break;
        queued_spans_.fetch_sub(request->size(), std::memory_order_relaxed);
        if (batch.empty()) {
            batch = std::move(*request);
        } else {
            batch.insert(batch.end(), std::make_move_iterator(request->begin()),
                         std::make_move_iterator(request->end()));
        }
    }
    return batch;
}

}  // namespace llmgw::observability
