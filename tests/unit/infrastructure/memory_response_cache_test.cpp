#include <gtest/gtest.h>

#include "chat_builders.hpp"
#include "infrastructure/memory_response_cache.hpp"
#include "manual_clock.hpp"
#include "run_awaitable.hpp"

namespace llmgw::infrastructure {
namespace {
using namespace llmgw::testing;
using std::chrono::seconds;

TEST(MemoryResponseCache, ReturnsWhatWasStoredUntilItExpires) {
    ManualClock clock;
    MemoryResponseCache cache(clock, 10);
    run_awaitable(cache.store("k", text_response("hi", {}), seconds(30)));
    auto hit = run_awaitable(cache.lookup("k"));
    ASSERT_TRUE(hit);
    EXPECT_EQ(hit->choices[0].message.text(), "hi");
    clock.advance(seconds(30));
    EXPECT_FALSE(run_awaitable(cache.lookup("k")));
    EXPECT_EQ(cache.size(), 0u);
}

TEST(MemoryResponseCache, EvictsTheLeastRecentlyUsedEntry) {
    ManualClock clock;
    MemoryResponseCache cache(clock, 2);
    run_awaitable(cache.store("a", text_response("a", {}), seconds(60)));
    run_awaitable(cache.store("b", text_response("b", {}), seconds(60)));
    ASSERT_TRUE(run_awaitable(cache.lookup("a")));  // a is now the most recent
    run_awaitable(cache.store("c", text_response("c", {}), seconds(60)));
    EXPECT_TRUE(run_awaitable(cache.lookup("a")));
    EXPECT_FALSE(run_awaitable(cache.lookup("b")));
    EXPECT_TRUE(run_awaitable(cache.lookup("c")));
}

}  // namespace
}  // namespace llmgw::infrastructure
