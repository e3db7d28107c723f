// Attempt deadlines run on the Clock port: tests move time by hand.

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "application/attempt_deadline.hpp"
#include "manual_clock.hpp"

namespace llmgw::application {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

// An upstream that never answers.
asio::awaitable<domain::Result<int>> silent(const domain::Clock& clock) {
    co_await clock.wait_until(std::chrono::steady_clock::time_point::max());
    co_return 1;
}

class AttemptDeadlineTest : public ::testing::Test {
protected:
    void start(AttemptDeadline& deadline) {
        asio::co_spawn(io, [&]() -> asio::awaitable<void> {
            outcome = co_await deadline.run(silent(clock), "upstream");
        }, asio::detached);
        settle();
    }
    void advance(std::chrono::milliseconds by) {
        clock.advance(by);
        settle();
    }
    void settle() {
        io.restart();
        io.poll();
    }

    asio::io_context io;
    testing::ManualClock clock;
    std::optional<domain::Result<int>> outcome;
};

TEST_F(AttemptDeadlineTest, TheFirstTokenLimitRunsOutOnTheClock) {
    AttemptDeadline deadline(clock, 100ms, 1000ms);
    start(deadline);
    advance(99ms);
    EXPECT_FALSE(outcome.has_value());

    advance(1ms);
    ASSERT_TRUE(outcome.has_value());
    ASSERT_FALSE(*outcome);
    EXPECT_EQ(outcome->error().code, domain::ErrorCode::upstream_timeout);
    EXPECT_TRUE(outcome->error().transient);
    EXPECT_EQ(outcome->error().message, "The upstream provider `upstream` sent no first token within 100 ms.");
}

TEST_F(AttemptDeadlineTest, ContentMovesTheLimitToTheTotal) {
    AttemptDeadline deadline(clock, 100ms, 1000ms);
    start(deadline);
    advance(50ms);
    deadline.content_arrived();
    advance(900ms);
    EXPECT_FALSE(outcome.has_value()) << "past the first-token limit, within the total";

    advance(50ms);
    ASSERT_TRUE(outcome.has_value());
    EXPECT_EQ(outcome->error().message, "The upstream provider `upstream` did not finish within 1000 ms.");
}

TEST_F(AttemptDeadlineTest, WithoutLimitsNothingIsArmed) {
    AttemptDeadline deadline(clock, 0ms, 0ms);
    EXPECT_FALSE(deadline.armed());
}

}  // namespace
}  // namespace llmgw::application
