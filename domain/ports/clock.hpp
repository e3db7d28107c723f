#pragma once

#include <chrono>

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
};

}  // namespace llmgw::domain
