#include "infrastructure/http/address_cache.hpp"

namespace llmgw::infrastructure {

std::optional<Connection::Addresses> AddressCache::find(const std::string& key,
                                                        std::chrono::steady_clock::time_point now) const {
    std::lock_guard lock(mutex_);
    const auto entry = entries_.find(key);
    if (entry == entries_.end() || entry->second.expires <= now) return std::nullopt;
    return entry->second.addresses;
}

void AddressCache::keep(const std::string& key, Connection::Addresses addresses,
                        std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mutex_);
    entries_[key] = Entry{std::move(addresses), now + ttl_};
}

void AddressCache::forget(const std::string& key) {
    std::lock_guard lock(mutex_);
    entries_.erase(key);
}

}  // namespace llmgw::infrastructure
