#pragma once

#include <array>
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "domain/ports/clock.hpp"
#include "domain/ports/response_cache.hpp"

namespace llmgw::infrastructure {

// In-process response cache, bounded by bytes and by entries: least recently
// used entries go first, expired ones when met. The entries are split over
// shards by key, each with its own lock held only for a map operation, so
// event loops seldom meet; a hit hands out the shared entry, never a copy.
class MemoryResponseCache final : public domain::ResponseCache {
public:
    MemoryResponseCache(const domain::Clock& clock, std::size_t max_entries, std::size_t max_bytes = 256u << 20);

    boost::asio::awaitable<std::shared_ptr<const domain::CacheEntry>> lookup(domain::CacheKey key) override;
    boost::asio::awaitable<void> store(domain::CacheKey key, std::shared_ptr<const domain::CacheEntry> entry,
                                       std::chrono::seconds ttl) override;

    std::size_t size() const;
    std::size_t bytes() const;

    // About how much memory `entry` holds (its strings and vectors).
    static std::size_t footprint(const domain::CacheEntry& entry);

private:
    struct KeyHash {
        std::size_t operator()(const domain::CacheKey& key) const noexcept;
    };
    struct Stored {
        domain::CacheKey key;
        std::shared_ptr<const domain::CacheEntry> entry;
        std::chrono::steady_clock::time_point expires;
        std::size_t bytes;
    };
    struct Shard {
        mutable std::mutex mutex;
        std::list<Stored> recency;  // most recently used first
        std::unordered_map<domain::CacheKey, std::list<Stored>::iterator, KeyHash> index;
        std::size_t bytes = 0;

        void erase(std::list<Stored>::iterator stored);
    };
    static constexpr std::size_t shard_count = 16;

    Shard& shard_of(const domain::CacheKey& key) { return shards_[key[0] % shard_count]; }

    const domain::Clock& clock_;
    const std::size_t max_entries_;  // per shard
    const std::size_t max_bytes_;    // per shard
    std::array<Shard, shard_count> shards_;
};

}  // namespace llmgw::infrastructure
