#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "application/concurrency_limiter.hpp"
#include "manual_clock.hpp"
#include "run_awaitable.hpp"

namespace llmgw::application {
namespace {

namespace asio = boost::asio;
using llmgw::testing::run_awaitable;

// Time moves only when a test moves it.
const llmgw::testing::ManualClock clock;

TEST(ConcurrencyLimiter, WithoutALimitEveryoneGoesThrough) {
    ConcurrencyLimiter limiter(0, 0);
    auto first = run_awaitable(limiter.acquire(clock));
    auto second = run_awaitable(limiter.acquire(clock));
    EXPECT_TRUE(first && second);
}

TEST(ConcurrencyLimiter, RefusesWhenThePlacesAndTheLineAreFull) {
    ConcurrencyLimiter limiter(1, 0);
    auto held = run_awaitable(limiter.acquire(clock));
    ASSERT_TRUE(held);
    EXPECT_EQ(limiter.in_flight(), 1u);
    EXPECT_FALSE(run_awaitable(limiter.acquire(clock)));
    held.reset();
    EXPECT_EQ(limiter.in_flight(), 0u);
    EXPECT_TRUE(run_awaitable(limiter.acquire(clock)));
}

TEST(ConcurrencyLimiter, AWaiterGetsThePlaceThatIsGivenBack) {
    asio::io_context io;
    ConcurrencyLimiter limiter(1, 1);
    auto held = run_awaitable(io, limiter.acquire(clock));
    ASSERT_TRUE(held);

    bool got_place = false;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        auto place = co_await limiter.acquire(clock);
        got_place = place.has_value();
    }, asio::detached);
    io.restart();
    io.poll();
    EXPECT_EQ(limiter.queued(), 1u);
    EXPECT_FALSE(run_awaitable(limiter.acquire(clock))) << "the line of one is full";
    EXPECT_FALSE(got_place);

    held.reset();
    io.restart();
    io.poll();
    EXPECT_TRUE(got_place);
    EXPECT_EQ(limiter.queued(), 0u);
    EXPECT_EQ(limiter.in_flight(), 0u) << "the waiter's place was given back when it finished";
}

TEST(ConcurrencyLimiter, AWaiterGivesUpAfterItsLongestWaitOnTheClock) {
    asio::io_context io;
    llmgw::testing::ManualClock time;
    ConcurrencyLimiter limiter(1, 1);
    auto held = run_awaitable(io, limiter.acquire(time));
    bool done = false;
    bool got_place = true;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        got_place = (co_await limiter.acquire(time, std::chrono::milliseconds(20))).has_value();
        done = true;
    }, asio::detached);
    io.restart();
    io.poll();
    time.advance(std::chrono::milliseconds(19));
    io.restart();
    io.poll();
    EXPECT_FALSE(done) << "19 ms of the 20 have passed";
    EXPECT_EQ(limiter.queued(), 1u);

    time.advance(std::chrono::milliseconds(1));
    io.restart();
    io.poll();
    EXPECT_TRUE(done);
    EXPECT_FALSE(got_place);
    EXPECT_EQ(limiter.queued(), 0u);
    held.reset();
    EXPECT_EQ(limiter.in_flight(), 0u);
}

TEST(ConcurrencyLimiter, ACancelledWaiterLeavesTheLine) {
    asio::io_context io;
    ConcurrencyLimiter limiter(1, 1);
    auto held = run_awaitable(io, limiter.acquire(clock));
    asio::cancellation_signal cancel;
    bool threw = false;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        try {
            co_await limiter.acquire(clock);
        } catch (const boost::system::system_error&) {
            threw = true;
        }
    }, asio::bind_cancellation_slot(cancel.slot(), asio::detached));
    io.restart();
    io.poll();
    ASSERT_EQ(limiter.queued(), 1u);

    cancel.emit(asio::cancellation_type::terminal);
    io.restart();
    io.poll();

    EXPECT_TRUE(threw);
    EXPECT_EQ(limiter.queued(), 0u);
    held.reset();
    EXPECT_EQ(limiter.in_flight(), 0u);
}

}  // namespace
}  // namespace llmgw::application
