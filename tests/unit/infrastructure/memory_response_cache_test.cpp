#include <gtest/gtest.h>

#include "chat_builders.hpp"
#include "infrastructure/memory_response_cache.hpp"
#include "manual_clock.hpp"
#include "run_awaitable.hpp"

namespace llmgw::infrastructure {
namespace {
using namespace llmgw::testing;
using std::chrono::seconds;

// Keys of one shard (the first byte picks it), so that bounds are exact.
domain::CacheKey key(unsigned char n) {
    domain::CacheKey key{};
    key[0] = 0;
    key[8] = n;
    key[31] = n;
    return key;
}

std::shared_ptr<const domain::CacheEntry> entry(std::string text) {
    return std::make_shared<const domain::CacheEntry>(domain::CacheEntry{text_response(std::move(text), {}), {}});
}

std::string text_of(const std::shared_ptr<const domain::CacheEntry>& entry) {
    return std::get<domain::ChatResponse>(entry->answer).choices[0].message.text();
}

TEST(MemoryResponseCache, ReturnsWhatWasStoredUntilItExpires) {
    ManualClock clock;
    MemoryResponseCache cache(clock, 10);
    run_awaitable(cache.store(key(1), entry("hi"), seconds(30)));
    auto hit = run_awaitable(cache.lookup(key(1)));
    ASSERT_TRUE(hit);
    EXPECT_EQ(text_of(hit), "hi");
    clock.advance(seconds(30));
    EXPECT_FALSE(run_awaitable(cache.lookup(key(1))));
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(cache.bytes(), 0u);
}

TEST(MemoryResponseCache, AHitSharesTheStoredEntry) {
    ManualClock clock;
    MemoryResponseCache cache(clock, 10);
    const auto stored = entry("hi");
    run_awaitable(cache.store(key(1), stored, seconds(30)));
    EXPECT_EQ(run_awaitable(cache.lookup(key(1))).get(), stored.get());
}

TEST(MemoryResponseCache, EvictsTheLeastRecentlyUsedEntryPastItsEntries) {
    ManualClock clock;
    // 32 entries over 16 shards: 2 in the shard these keys share.
    MemoryResponseCache cache(clock, 32);
    run_awaitable(cache.store(key(1), entry("a"), seconds(60)));
    run_awaitable(cache.store(key(2), entry("b"), seconds(60)));
    ASSERT_TRUE(run_awaitable(cache.lookup(key(1))));  // a is now the most recent
    run_awaitable(cache.store(key(3), entry("c"), seconds(60)));
    EXPECT_TRUE(run_awaitable(cache.lookup(key(1))));
    EXPECT_FALSE(run_awaitable(cache.lookup(key(2))));
    EXPECT_TRUE(run_awaitable(cache.lookup(key(3))));
}

TEST(MemoryResponseCache, StaysWithinItsBytes) {
    ManualClock clock;
    const std::size_t max_bytes = 16 * 64 * 1024;  // 64 KiB a shard
    MemoryResponseCache cache(clock, 1'000'000, max_bytes);
    const std::string ten_kib(10 * 1024, 'x');
    for (unsigned char n = 0; n < 20; ++n) {
        run_awaitable(cache.store(key(n), entry(ten_kib), seconds(60)));
        EXPECT_LE(cache.bytes(), max_bytes / 16);
    }
    EXPECT_GE(cache.size(), 5u);
    EXPECT_LE(cache.size(), 6u);
    EXPECT_TRUE(run_awaitable(cache.lookup(key(19)))) << "the newest stays";
    EXPECT_FALSE(run_awaitable(cache.lookup(key(0)))) << "the oldest went";
    // An answer larger than a shard is not kept at all.
    run_awaitable(cache.store(key(99), entry(std::string(100 * 1024, 'y')), seconds(60)));
    EXPECT_FALSE(run_awaitable(cache.lookup(key(99))));
    EXPECT_TRUE(run_awaitable(cache.lookup(key(19))));
}

TEST(MemoryResponseCache, AStoreReplacesTheEntryUnderItsKey) {
    ManualClock clock;
    MemoryResponseCache cache(clock, 10);
    run_awaitable(cache.store(key(1), entry("old"), seconds(60)));
    const auto bytes = cache.bytes();
    run_awaitable(cache.store(key(1), entry("new"), seconds(60)));
    EXPECT_EQ(text_of(run_awaitable(cache.lookup(key(1)))), "new");
    EXPECT_EQ(cache.size(), 1u);
    EXPECT_EQ(cache.bytes(), bytes);
}

TEST(MemoryResponseCache, CountsEmbeddingVectorsInItsBytes) {
    domain::EmbeddingResponse vectors{.embeddings = {std::vector<float>(1536), std::vector<float>(1536)}};
    EXPECT_GE(MemoryResponseCache::footprint(domain::CacheEntry{vectors, {}}), 2 * 1536 * sizeof(float));
}

}  // namespace
}  // namespace llmgw::infrastructure
