#pragma once

#include <array>
#include <chrono>
#include <cstdint>

namespace llmgw::domain {

// Successes and failures over a sliding time window, kept in ten buckets so
// that memory is constant and old outcomes age out a tenth of the window at
// a time. Not thread-safe; time is passed in.
class OutcomeWindow {
public:
    using TimePoint = std::chrono::steady_clock::time_point;

    explicit OutcomeWindow(std::chrono::milliseconds length);

    void record(bool success, TimePoint now);

    struct Counts {
        std::int64_t successes = 0;
        std::int64_t failures = 0;
        std::int64_t total() const noexcept { return successes + failures; }
        // 0 when there was nothing.
        double failure_rate() const noexcept { return total() ? double(failures) / double(total()) : 0.0; }
    };
    Counts counts(TimePoint now) const;

private:
    struct Bucket {
        std::int64_t slot = -1;  // which bucket-length slice of time it holds
        Counts counts;
    };
    static constexpr std::size_t bucket_count = 10;

    std::int64_t slot_of(TimePoint now) const;

    std::chrono::milliseconds bucket_length_;
    std::array<Bucket, bucket_count> buckets_{};
};

}  // namespace llmgw::domain
