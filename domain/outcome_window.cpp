#include "domain/outcome_window.hpp"

#include <algorithm>

namespace llmgw::domain {

OutcomeWindow::OutcomeWindow(std::chrono::milliseconds length)
    : bucket_length_(std::max<std::chrono::milliseconds>(length / bucket_count, std::chrono::milliseconds(1))) {}

std::int64_t OutcomeWindow::slot_of(TimePoint now) const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) / bucket_length_;
}

void OutcomeWindow::record(bool success, TimePoint now) {
    const auto slot = slot_of(now);
    auto& bucket = buckets_[static_cast<std::size_t>(slot) % bucket_count];
    if (bucket.slot != slot) bucket = Bucket{slot, {}};
    ++(success ? bucket.counts.successes : bucket.counts.failures);
}

OutcomeWindow::Counts OutcomeWindow::counts(TimePoint now) const {
    const auto current = slot_of(now);
    Counts sum;
    for (const auto& bucket : buckets_) {
        if (bucket.slot < 0 || current - bucket.slot >= static_cast<std::int64_t>(bucket_count)) continue;
        sum.successes += bucket.counts.successes;
        sum.failures += bucket.counts.failures;
    }
    return sum;
}

}  // namespace llmgw::domain
