#pragma once

#include "domain/ports/clock.hpp"

namespace llmgw::infrastructure {

class SystemClock final : public domain::Clock {
public:
    std::chrono::system_clock::time_point now() const override { return std::chrono::system_clock::now(); }
    std::chrono::steady_clock::time_point monotonic() const override { return std::chrono::steady_clock::now(); }
    // A timer on the awaiting coroutine's own event loop.
    boost::asio::awaitable<void> sleep_for(std::chrono::milliseconds duration) const override;
    boost::asio::awaitable<void> wait_until(std::chrono::steady_clock::time_point at) const override;
};

}  // namespace llmgw::infrastructure
