#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <string_view>

#include "adapters/outbound/redis/redis_client.hpp"
#include "domain/ports/response_cache.hpp"

namespace llmgw::adapters::redis {

// What becomes of the cache's Redis: told once per change of state, from any
// event loop.
class CacheStoreEvents {
public:
    virtual ~CacheStoreEvents() = default;
    virtual void store_unavailable(std::string_view why) = 0;
    virtual void store_available() = 0;
    // A lookup that failed (counted every time; each is a miss).
    virtual void lookup_failed() = 0;
};

struct RedisCacheOptions {
    std::string key_prefix = "llmgw:cache:";
    // A lookup that takes longer is a miss.
    std::chrono::milliseconds lookup_timeout{20};
    // A larger answer is not stored (well below RedisOptions::max_reply_bytes,
    // which would end the connection that read it back).
    std::size_t max_entry_bytes = 16u << 20;
};

// The response cache in Redis, shared by every gateway instance that uses
// the same server, database and prefix: entries under the prefix and the
// key's hex digest, in the versioned binary form of cache_entry_codec, with
// Redis's own expiry (SET ... PX). A lookup waits at most `lookup_timeout`;
// a store is sent without waiting for Redis's answer. Redis down, slow or
// holding something unreadable is a miss, never an error.
class RedisResponseCache final : public domain::ResponseCache {
public:
    RedisResponseCache(RedisClient& client, RedisCacheOptions options, CacheStoreEvents& events)
        : client_(client), options_(std::move(options)), events_(events) {}

    boost::asio::awaitable<std::shared_ptr<const domain::CacheEntry>> lookup(domain::CacheKey key) override;
    boost::asio::awaitable<void> store(domain::CacheKey key, std::shared_ptr<const domain::CacheEntry> entry,
                                       std::chrono::seconds ttl) override;

    // The Redis key of `key`.
    std::string redis_key(const domain::CacheKey& key) const;

private:
    void note(bool available, std::string_view why = {});

    RedisClient& client_;
    const RedisCacheOptions options_;
    CacheStoreEvents& events_;
    std::atomic<bool> available_{true};
};

}  // namespace llmgw::adapters::redis
