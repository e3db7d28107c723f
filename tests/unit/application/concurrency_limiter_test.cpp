#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "application/concurrency_limiter.hpp"
#include "run_awaitable.hpp"

namespace llmgw::application {
namespace {

namespace asio = boost::asio;
using llmgw::testing::run_awaitable;

TEST(ConcurrencyLimiter, WithoutALimitEveryoneGoesThrough) {
    ConcurrencyLimiter limiter(0, 0);
    auto first = run_awaitable(limiter.acquire());
    auto second = run_awaitable(limiter.acquire());
    EXPECT_TRUE(first && second);
}

TEST(ConcurrencyLimiter, RefusesWhenThePlacesAndTheLineAreFull) {
    ConcurrencyLimiter limiter(1, 0);
    auto held = run_awaitable(limiter.acquire());
    ASSERT_TRUE(held);
    EXPECT_EQ(limiter.in_flight(), 1u);
    EXPECT_FALSE(run_awaitable(limiter.acquire()));
    held.reset();
    EXPECT_EQ(limiter.in_flight(), 0u);
    EXPECT_TRUE(run_awaitable(limiter.acquire()));
}

TEST(ConcurrencyLimiter, AWaiterGetsThePlaceThatIsGivenBack) {
    asio::io_context io;
    ConcurrencyLimiter limiter(1, 1);
    auto held = run_awaitable(io, limiter.acquire());
    ASSERT_TRUE(held);

    bool got_place = false;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        auto place = co_await limiter.acquire();
        got_place = place.has_value();
    }, asio::detached);
    io.restart();
    io.poll();
    EXPECT_EQ(limiter.queued(), 1u);
    EXPECT_FALSE(run_awaitable(limiter.acquire())) << "the line of one is full";
    EXPECT_FALSE(got_place);

    held.reset();
    io.restart();
    io.poll();
    EXPECT_TRUE(got_place);
    EXPECT_EQ(limiter.queued(), 0u);
    EXPECT_EQ(limiter.in_flight(), 0u) << "the waiter's place was given back when it finished";
}

TEST(ConcurrencyLimiter, AWaiterGivesUpAfterItsLongestWait) {
    asio::io_context io;
    ConcurrencyLimiter limiter(1, 1);
    auto held = run_awaitable(io, limiter.acquire());
    auto late = run_awaitable(io, limiter.acquire(std::chrono::milliseconds(20)));
    EXPECT_FALSE(late);
    EXPECT_EQ(limiter.queued(), 0u);
    held.reset();
    EXPECT_EQ(limiter.in_flight(), 0u);
}

TEST(ConcurrencyLimiter, ACancelledWaiterLeavesTheLine) {
    asio::io_context io;
    ConcurrencyLimiter limiter(1, 1);
    auto held = run_awaitable(io, limiter.acquire());
    asio::cancellation_signal cancel;
    bool threw = false;
    asio::co_spawn(io, [&]() -> asio::awaitable<void> {
        try {
            co_await limiter.acquire();
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
