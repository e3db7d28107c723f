// The response cache in a real Redis (Debian's redis-server, started by the
// test): entries round-trip and expire by Redis's own clock, a second
// instance sees the first one's entries, commands are pipelined, and a Redis
// that is slow, refuses the password or is killed mid-test is a miss within
// the lookup budget, logged once per change of state, and used again when
// it is back.

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include "adapters/outbound/redis/redis_client.hpp"
#include "adapters/outbound/redis/redis_response_cache.hpp"
#include "chat_builders.hpp"
#include "redis_server.hpp"
#include "run_awaitable.hpp"

namespace llmgw::testing {
namespace {
using namespace adapters::redis;
using std::chrono::milliseconds;

struct CountingEvents final : CacheStoreEvents {
    void store_unavailable(std::string_view why) override {
        ++unavailable;
        last_reason = why;
    }
    void store_available() override { ++available; }
    void lookup_failed() override { ++failed_lookups; }
    int unavailable = 0;
    int available = 0;
    int failed_lookups = 0;
    std::string last_reason;
};

domain::CacheKey key(unsigned char n) {
    domain::CacheKey key{};
    key.fill(n);
    return key;
}

std::shared_ptr<const domain::CacheEntry> entry(std::string text) {
    return std::make_shared<const domain::CacheEntry>(
        domain::CacheEntry{text_response(std::move(text), {.prompt_tokens = 5}), std::chrono::system_clock::now()});
}

std::string text_of(const std::shared_ptr<const domain::CacheEntry>& found) {
    return std::get<domain::ChatResponse>(found->answer).choices.at(0).message.text();
}

RedisEndpoint endpoint_of(const RedisServer& server) {
    auto endpoint = parse_redis_url(server.url());
    if (!endpoint) throw std::runtime_error(endpoint.error().message);
    return endpoint.value();
}

class RedisCacheTest : public ::testing::Test {
protected:
    domain::Result<Reply> raw(RedisClient& client, std::initializer_list<std::string_view> command) {
        std::string bytes;
        append_command(bytes, command);
        return run_until_done(io, client.call(std::move(bytes), milliseconds(2000)));
    }

    RedisServer server;
    boost::asio::io_context io;
    RedisClient client{endpoint_of(server), {}};
    CountingEvents events;
    RedisResponseCache cache{client, {.key_prefix = "llmgw:cache:", .lookup_timeout = milliseconds(200)}, events};
};

TEST_F(RedisCacheTest, AStoredEntryIsFoundWithRedisExpiryOnIt) {
    EXPECT_FALSE(run_until_done(io, cache.lookup(key(1))));
    run_until_done(io, cache.store(key(1), entry("from redis"), std::chrono::seconds(120)));
    const auto found = run_until_done(io, cache.lookup(key(1)));
    ASSERT_TRUE(found);
    EXPECT_EQ(text_of(found), "from redis");

    const auto name = cache.redis_key(key(1));
    EXPECT_EQ(name, "llmgw:cache:0101010101010101010101010101010101010101010101010101010101010101");
    const auto ttl = raw(client, {"PTTL", name});
    ASSERT_TRUE(ttl);
    EXPECT_GT(ttl.value().integer, 110'000);
    EXPECT_LE(ttl.value().integer, 120'000);
    EXPECT_EQ(events.failed_lookups, 0);
}

TEST_F(RedisCacheTest, ASecondInstanceSeesTheFirstOnesEntries) {
    run_until_done(io, cache.store(key(2), entry("shared"), std::chrono::seconds(60)));
    boost::asio::io_context other_loop;
    RedisClient other_client{endpoint_of(server), {}};
    CountingEvents other_events;
    RedisResponseCache other{other_client, {}, other_events};
    ASSERT_TRUE(raw(client, {"PING"}));  // the store has been written
    const auto found = run_until_done(other_loop, other.lookup(key(2)));
    ASSERT_TRUE(found);
    EXPECT_EQ(text_of(found), "shared");
}

TEST_F(RedisCacheTest, CommandsOfManyRequestsArePipelinedOnOneConnection) {
    for (unsigned char n = 0; n < 50; ++n) run_until_done(io, cache.store(key(n), entry(std::to_string(n)), std::chrono::seconds(60)));
    std::vector<std::future<std::shared_ptr<const domain::CacheEntry>>> lookups;
    for (unsigned char n = 0; n < 50; ++n) {
        lookups.push_back(boost::asio::co_spawn(io, cache.lookup(key(n)), boost::asio::use_future));
    }
    io.restart();
    for (auto& lookup : lookups) {
        while (lookup.wait_for(std::chrono::seconds(0)) != std::future_status::ready) io.run_one_for(milliseconds(20));
    }
    for (unsigned char n = 0; n < 50; ++n) {
        const auto found = lookups[n].get();
        ASSERT_TRUE(found) << int(n);
        EXPECT_EQ(text_of(found), std::to_string(n));
    }
    const auto clients = raw(client, {"CLIENT", "LIST"});
    ASSERT_TRUE(clients);
    EXPECT_EQ(std::count(clients.value().text.begin(), clients.value().text.end(), '\n'), 1) << clients.value().text;
}

TEST_F(RedisCacheTest, ASlowRedisIsAMissWithinTheLookupBudget) {
    run_until_done(io, cache.store(key(3), entry("slow"), std::chrono::seconds(60)));
    ASSERT_TRUE(run_until_done(io, cache.lookup(key(3))));
    boost::asio::io_context sleeper_loop;  // outlives the client whose socket is on it
    RedisClient sleeper{endpoint_of(server), {}};
    std::string sleep;
    append_command(sleep, {"DEBUG", "SLEEP", "1"});
    domain::Result<Reply> slept = domain::make_error(domain::ErrorCode::internal, "not yet");
    std::thread sleeping([&] { slept = run_until_done(sleeper_loop, sleeper.call(sleep, milliseconds(5000))); });
    std::this_thread::sleep_for(milliseconds(100));  // DEBUG SLEEP has begun

    const auto started = std::chrono::steady_clock::now();
    EXPECT_FALSE(run_until_done(io, cache.lookup(key(3))));
    EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(600));
    EXPECT_EQ(events.unavailable, 1);
    EXPECT_EQ(events.failed_lookups, 1);
    sleeping.join();
    ASSERT_TRUE(slept);

    // The late reply is dropped; the next lookup gets its own.
    const auto found = run_until_done(io, cache.lookup(key(3)));
    ASSERT_TRUE(found);
    EXPECT_EQ(text_of(found), "slow");
    EXPECT_EQ(events.available, 1);
}

TEST_F(RedisCacheTest, ARedisKilledMidTestIsAMissAndUsedAgainWhenBack) {
    run_until_done(io, cache.store(key(4), entry("before"), std::chrono::seconds(60)));
    ASSERT_TRUE(run_until_done(io, cache.lookup(key(4))));
    server.kill();
    for (int i = 0; i < 3; ++i) {
        const auto started = std::chrono::steady_clock::now();
        EXPECT_FALSE(run_until_done(io, cache.lookup(key(4))));
        EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds(1500));
    }
    EXPECT_EQ(events.unavailable, 1) << "told once, not per lookup";
    EXPECT_EQ(events.failed_lookups, 3);
    run_until_done(io, cache.store(key(4), entry("lost"), std::chrono::seconds(60)));  // dropped, no error
    // The store only queued its command: its connection attempt must meet
    // the server down (refused at once on loopback) before it is back.
    io.restart();
    io.run_for(milliseconds(300));

    server.start();  // empty: nothing was persisted
    // A store queued behind a connection attempt that fails is dropped with
    // it; the first lookup finds the server back.
    EXPECT_FALSE(run_until_done(io, cache.lookup(key(4))));
    run_until_done(io, cache.store(key(4), entry("after"), std::chrono::seconds(60)));
    const auto found = run_until_done(io, cache.lookup(key(4)));
    ASSERT_TRUE(found);
    EXPECT_EQ(text_of(found), "after");
    EXPECT_EQ(events.available, 1);
}

TEST_F(RedisCacheTest, AnUnreadableEntryIsAMiss) {
    ASSERT_TRUE(raw(client, {"SET", cache.redis_key(key(5)), "LGC\x09 from a newer gateway"}));
    EXPECT_FALSE(run_until_done(io, cache.lookup(key(5))));
    EXPECT_EQ(events.failed_lookups, 0) << "Redis answered; the entry is just not ours";
}

TEST(RedisAuthTest, APasswordIsSentAndAWrongOneIsAMissNeverAnError) {
    RedisServer guarded("correct-horse");
    boost::asio::io_context io;
    CountingEvents events;
    RedisClient right{endpoint_of(guarded), {}};
    RedisResponseCache cache{right, {}, events};
    run_until_done(io, cache.store(key(6), entry("guarded"), std::chrono::seconds(60)));
    ASSERT_TRUE(run_until_done(io, cache.lookup(key(6))));

    auto wrong_endpoint = endpoint_of(guarded);
    wrong_endpoint.password = "wrong-battery";
    RedisClient wrong{wrong_endpoint, {}};
    CountingEvents wrong_events;
    RedisResponseCache refused{wrong, {}, wrong_events};
    EXPECT_FALSE(run_until_done(io, refused.lookup(key(6))));
    EXPECT_EQ(wrong_events.unavailable, 1);
    EXPECT_EQ(wrong_events.last_reason.find("wrong-battery"), std::string::npos) << wrong_events.last_reason;
}

}  // namespace
}  // namespace llmgw::testing
