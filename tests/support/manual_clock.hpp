#pragma once

#include <functional>
#include <vector>

#include "domain/ports/clock.hpp"

namespace llmgw::testing {

// Time that moves only when a test says so. A sleep moves it at once by the
// time asked and is recorded, so backoff schedules are checked without
// waiting.
class ManualClock final : public domain::Clock {
public:
    std::chrono::system_clock::time_point now() const override { return wall_; }
    std::chrono::steady_clock::time_point monotonic() const override { return steady_; }
    boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) const override {
        sleeps.push_back(duration);
        if (on_sleep) on_sleep();
        wall_ += duration;
        steady_ += duration;
        co_return;
    }

    void advance(std::chrono::nanoseconds by) {
        wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
        steady_ += by;
    }

    // Every sleep asked for, in order.
    mutable std::vector<std::chrono::milliseconds> sleeps;
    // Runs at each sleep, to look at the world while the sleeper waits.
    std::function<void()> on_sleep;

private:
    // Mutable because a sleep, which is const on the port, moves them.
    mutable std::chrono::system_clock::time_point wall_{std::chrono::seconds(1'800'000'000)};
    mutable std::chrono::steady_clock::time_point steady_{std::chrono::hours(1)};
};

}  // namespace llmgw::testing
