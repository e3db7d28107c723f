#pragma once

#include <chrono>

#include <boost/asio/awaitable.hpp>

namespace llmgw::domain {

// Where every rule that depends on time gets it, so that tests can move time
// by hand instead of sleeping.
class Clock {
public:
    virtual ~Clock() = default;
    // Wall-clock time, for timestamps that leave the process.
    virtual std::chrono::system_clock::time_point now() const = 0;
    // Monotonic time, for durations, deadlines and cool-downs.
    virtual std::chrono::steady_clock::time_point monotonic() const = 0;
    // Completes after `duration` (a backoff between retries). Cancellable:
    // a cancelled sleep throws, like any other cancelled operation.
    virtual boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) const = 0;
    // Completes once monotonic() has reached `at` (at once if it has): the
    // alarm of a deadline raced against work. Cancellable as sleep_for.
    virtual boost::asio::awaitable<void> wait_until(std::chrono::steady_clock::time_point at) const = 0;
};

}  // namespace llmgw::domain
