#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

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
        move(duration);
        co_return;
    }

    // Waits until the test (or a sleep) moves time to `at`. One event loop
    // only, as every test that uses it.
    boost::asio::awaitable<void> wait_until(std::chrono::steady_clock::time_point at) const override {
        while (steady_ < at) {
            boost::asio::steady_timer alarm(co_await boost::asio::this_coro::executor,
                                            boost::asio::steady_timer::time_point::max());
            alarms_.push_back(&alarm);
            // Woken by a move of time (the alarm is cancelled) or by the
            // caller's cancellation; which one, the state below tells.
            co_await alarm.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
            std::erase(alarms_, &alarm);
            if ((co_await boost::asio::this_coro::cancellation_state).cancelled() != boost::asio::cancellation_type::none) {
                throw boost::system::system_error(boost::asio::error::operation_aborted);
            }
        }
    }

    void advance(std::chrono::nanoseconds by) const { move(by); }

    // Every sleep asked for, in order.
    mutable std::vector<std::chrono::milliseconds> sleeps;
    // Runs at each sleep, to look at the world while the sleeper waits.
    std::function<void()> on_sleep;

private:
    void move(std::chrono::nanoseconds by) const {
        wall_ += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
        steady_ += by;
        for (auto* alarm : alarms_) alarm->cancel();  // each waiter looks at the time again
    }

    mutable std::vector<boost::asio::steady_timer*> alarms_;
    // Mutable because a sleep, which is const on the port, moves them.
    mutable std::chrono::system_clock::time_point wall_{std::chrono::seconds(1'800'000'000)};
    mutable std::chrono::steady_clock::time_point steady_{std::chrono::hours(1)};
};

}  // namespace llmgw::testing
