#pragma once

#include "domain/ports/clock.hpp"

namespace llmgw::testing {

// Time that moves only when a test says so.
class ManualClock final : public domain::Clock {
public:
    std::chrono::system_clock::time_point now() const override { return wall_; }
    std::chrono::steady_clock::time_point monotonic() const override { return steady_; }

    void advance(std::chrono::nanoseconds by) {
        wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
        steady_ += by;
    }

private:
    std::chrono::system_clock::time_point wall_{std::chrono::seconds(1'800'000'000)};
    std::chrono::steady_clock::time_point steady_{std::chrono::hours(1)};
};

}  // namespace llmgw::testing
