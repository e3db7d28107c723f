#include "infrastructure/memory_response_cache.hpp"

#include <cstring>
#include <variant>

namespace llmgw::infrastructure {
namespace {

std::size_t fields_bytes(const domain::RawJsonFields& fields) {
    std::size_t bytes = 0;
    for (const auto& [name, json] : fields) bytes += sizeof(name) * 2 + name.size() + json.size();
    return bytes;
}

std::size_t answer_bytes(const domain::ChatResponse& answer) {
    std::size_t bytes = sizeof answer + answer.id.size() + answer.model.size() + fields_bytes(answer.extra);
    for (const auto& choice : answer.choices) {
        const auto& message = choice.message;
        bytes += sizeof choice + fields_bytes(choice.extra) + fields_bytes(message.extra) + message.name.size();
        for (const auto& part : message.content) {
            bytes += sizeof part + part.text.size() + part.image_url.size() + part.raw.size();
        }
        for (const auto& call : message.tool_calls) {
            bytes += sizeof call + call.id.size() + call.name.size() + call.arguments.size();
        }
        for (const auto& block : message.reasoning) {
            bytes += sizeof block + block.text.size() + block.signature.size() + block.redacted.size();
        }
    }
    return bytes;
}

std::size_t answer_bytes(const domain::EmbeddingResponse& answer) {
    std::size_t bytes = sizeof answer + answer.model.size();
    for (const auto& vector : answer.embeddings) bytes += sizeof vector + vector.size() * sizeof(float);
    return bytes;
}

}  // namespace

std::size_t MemoryResponseCache::footprint(const domain::CacheEntry& entry) {
    return std::visit([](const auto& answer) { return answer_bytes(answer); }, entry.answer);
}

std::size_t MemoryResponseCache::KeyHash::operator()(const domain::CacheKey& key) const noexcept {
    // The key is a SHA-256: any of its bytes are as good as a hash.
    std::size_t hash;
    std::memcpy(&hash, key.data() + 8, sizeof hash);
    return hash;
}

MemoryResponseCache::MemoryResponseCache(const domain::Clock& clock, std::size_t max_entries, std::size_t max_bytes)
    : clock_(clock),
      max_entries_((max_entries + shard_count - 1) / shard_count),
      max_bytes_((max_bytes + shard_count - 1) / shard_count) {}

void MemoryResponseCache::Shard::erase(std::list<Stored>::iterator stored) {
    bytes -= stored->bytes;
    index.erase(stored->key);
    recency.erase(stored);
}

boost::asio::awaitable<std::shared_ptr<const domain::CacheEntry>> MemoryResponseCache::lookup(domain::CacheKey key) {
    auto& shard = shard_of(key);
    std::shared_ptr<const domain::CacheEntry> found;
    std::shared_ptr<const domain::CacheEntry> expired;  // freed after the lock
    {
        std::lock_guard lock(shard.mutex);
        const auto at = shard.index.find(key);
        if (at != shard.index.end()) {
            const auto stored = at->second;
            if (clock_.monotonic() >= stored->expires) {
                expired = std::move(stored->entry);
                shard.erase(stored);
            } else {
                shard.recency.splice(shard.recency.begin(), shard.recency, stored);
                found = stored->entry;
            }
        }
    }
    co_return found;
}

boost::asio::awaitable<void> MemoryResponseCache::store(domain::CacheKey key,
                                                        std::shared_ptr<const domain::CacheEntry> entry,
                                                        std::chrono::seconds ttl) {
    const auto bytes = footprint(*entry) + sizeof(Stored) + 64;  // the list node and index slot
    if (max_entries_ == 0 || bytes > max_bytes_) co_return;      // an answer larger than a shard is not kept
    const auto expires = clock_.monotonic() + ttl;
    auto& shard = shard_of(key);
    std::list<Stored> evicted;  // freed after the lock
    {
        std::lock_guard lock(shard.mutex);
        if (const auto at = shard.index.find(key); at != shard.index.end()) {
            const auto stored = at->second;
            evicted.splice(evicted.begin(), shard.recency, stored);
            shard.bytes -= stored->bytes;
            shard.index.erase(at);
        }
        shard.recency.push_front(Stored{key, std::move(entry), expires, bytes});
        shard.index.emplace(key, shard.recency.begin());
        shard.bytes += bytes;
        while (shard.recency.size() > max_entries_ || shard.bytes > max_bytes_) {
            const auto oldest = std::prev(shard.recency.end());
            shard.bytes -= oldest->bytes;
            shard.index.erase(oldest->key);
            evicted.splice(evicted.begin(), shard.recency, oldest);
        }
    }
    co_return;
}

std::size_t MemoryResponseCache::size() const {
    std::size_t entries = 0;
    for (const auto& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        entries += shard.recency.size();
    }
    return entries;
}

std::size_t MemoryResponseCache::bytes() const {
    std::size_t total = 0;
    for (const auto& shard : shards_) {
        std::lock_guard lock(shard.mutex);
        total += shard.bytes;
    }
    return total;
}

}  // namespace llmgw::infrastructure
