#include "adapters/outbound/redis/redis_response_cache.hpp"

#include <boost/asio/this_coro.hpp>

#include "adapters/outbound/redis/cache_entry_codec.hpp"

namespace llmgw::adapters::redis {

std::string RedisResponseCache::redis_key(const domain::CacheKey& key) const {
    constexpr char digits[] = "0123456789abcdef";
    std::string name = options_.key_prefix;
    for (const auto byte : key) {
        name += digits[byte >> 4];
        name += digits[byte & 0xF];
    }
    return name;
}

void RedisResponseCache::note(bool available, std::string_view why) {
    if (!available) events_.lookup_failed();
    if (available_.exchange(available) == available) return;
    if (available) {
        events_.store_available();
    } else {
        events_.store_unavailable(why);
    }
}

boost::asio::awaitable<std::shared_ptr<const domain::CacheEntry>> RedisResponseCache::lookup(domain::CacheKey key) {
    std::string command;
    append_command(command, {"GET", redis_key(key)});
    auto reply = co_await client_.call(std::move(command), options_.lookup_timeout);
    if (!reply) {
        // A request that went away did not find Redis down.
        const auto cancelled = (co_await boost::asio::this_coro::cancellation_state).cancelled();
        if (cancelled == boost::asio::cancellation_type::none) note(false, reply.error().message);
        co_return nullptr;
    }
    if (reply.value().kind == Reply::Kind::error) {
        note(false, "Redis: " + reply.value().text);
        co_return nullptr;
    }
    note(true);
    if (reply.value().kind != Reply::Kind::bulk) co_return nullptr;
    auto entry = decode_entry(reply.value().text);
    if (!entry) co_return nullptr;  // another version's, or damaged: a miss
    co_return std::make_shared<const domain::CacheEntry>(std::move(*entry));
}

boost::asio::awaitable<void> RedisResponseCache::store(domain::CacheKey key,
                                                       std::shared_ptr<const domain::CacheEntry> entry,
                                                       std::chrono::seconds ttl) {
    const auto milliseconds = std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count());
    const auto value = encode_entry(*entry);
    if (value.size() > options_.max_entry_bytes) co_return;
    std::string command;
    append_command(command, {"SET", redis_key(key), value, "PX", milliseconds});
    co_await client_.send(std::move(command));
}

}  // namespace llmgw::adapters::redis
