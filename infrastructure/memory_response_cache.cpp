#include "infrastructure/memory_response_cache.hpp"

namespace llmgw::infrastructure {

MemoryResponseCache::MemoryResponseCache(const domain::Clock& clock, std::size_t max_entries)
    : clock_(clock), max_entries_(max_entries) {}

boost::asio::awaitable<std::optional<domain::ChatResponse>> MemoryResponseCache::lookup(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto found = index_.find(key);
    if (found == index_.end()) co_return std::nullopt;
    auto entry = found->second;
    if (clock_.monotonic() >= entry->expires) {
        recency_.erase(entry);
        index_.erase(found);
        co_return std::nullopt;
    }
    recency_.splice(recency_.begin(), recency_, entry);
    co_return entry->response;
}

boost::asio::awaitable<void> MemoryResponseCache::store(const std::string& key, const domain::ChatResponse& response,
                                                        std::chrono::seconds ttl) {
    if (max_entries_ == 0) co_return;
    std::lock_guard lock(mutex_);
    const auto expires = clock_.monotonic() + ttl;
    if (auto found = index_.find(key); found != index_.end()) {
        found->second->response = response;
        found->second->expires = expires;
        recency_.splice(recency_.begin(), recency_, found->second);
        co_return;
    }
    recency_.push_front(Entry{key, response, expires});
    index_.emplace(key, recency_.begin());
    if (recency_.size() > max_entries_) {
        index_.erase(recency_.back().key);
        recency_.pop_back();
    }
}

std::size_t MemoryResponseCache::size() const {
    std::lock_guard lock(mutex_);
    return recency_.size();
}

}  // namespace llmgw::infrastructure
