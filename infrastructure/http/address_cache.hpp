#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "infrastructure/http/connection.hpp"

namespace llmgw::infrastructure {

// Upstreams' resolved addresses, so that a new connection does not wait for
// the resolver (a thread of its own, and a DNS round trip) each time: kept
// for `ttl`, and forgotten as soon as connecting to them fails, so that a
// moved upstream is found again. Thread-safe.
class AddressCache {
public:
    explicit AddressCache(std::chrono::seconds ttl = std::chrono::seconds(30)) : ttl_(ttl) {}

    // `key` is the endpoint's host and port.
    std::optional<Connection::Addresses> find(const std::string& key, std::chrono::steady_clock::time_point now) const;
    void keep(const std::string& key, Connection::Addresses addresses, std::chrono::steady_clock::time_point now);
    void forget(const std::string& key);

private:
    struct Entry {
        Connection::Addresses addresses;
        std::chrono::steady_clock::time_point expires;
    };
    const std::chrono::seconds ttl_;
    mutable std::mutex mutex_;
    std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace llmgw::infrastructure
