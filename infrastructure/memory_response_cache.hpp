#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/ports/clock.hpp"
#include "domain/ports/response_cache.hpp"

namespace llmgw::infrastructure {

// In-process response cache: least recently used entries are evicted past
// `max_entries`, expired ones on lookup. Shared by every event loop; the lock
// is held only for map operations.
class MemoryResponseCache final : public domain::ResponseCache {
public:
    MemoryResponseCache(const domain::Clock& clock, std::size_t max_entries);

    boost::asio::awaitable<std::optional<domain::ChatResponse>> lookup(const std::string& key) override;
    boost::asio::awaitable<void> store(const std::string& key, const domain::ChatResponse& response,
                                       std::chrono::seconds ttl) override;

    std::size_t size() const;

private:
    struct Entry {
        std::string key;
        domain::ChatResponse response;
        std::chrono::steady_clock::time_point expires;
    };
    const domain::Clock& clock_;
    std::size_t max_entries_;
    mutable std::mutex mutex_;
    std::list<Entry> recency_;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace llmgw::infrastructure
