#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "domain/error.hpp"
#include "domain/ports/clock.hpp"
#include "domain/ports/response_cache.hpp"

namespace llmgw::application {

// Single flight: identical cacheable requests that arrive while the first is
// still being answered wait for its answer instead of calling upstream
// again. Shared by every event loop; a follower waits on a timer of its own
// loop, which the leader wakes there.
class CallCoalescing {
public:
    struct Flight;

    // The first request of a flight: it calls upstream and tells the others
    // what came of it. A lead that ends without `finish` (a failure, a
    // cancelled call) tells them it failed, and they go on by themselves.
    class Lead {
    public:
        Lead(CallCoalescing& owner, domain::CacheKey key, std::shared_ptr<Flight> flight)
            : owner_(&owner), key_(key), flight_(std::move(flight)) {}
        Lead(Lead&& other) noexcept
            : owner_(std::exchange(other.owner_, nullptr)), key_(other.key_), flight_(std::move(other.flight_)) {}
        Lead& operator=(Lead&& other) noexcept {
            if (this != &other) {
                finish(nullptr);
                owner_ = std::exchange(other.owner_, nullptr);
                key_ = other.key_;
                flight_ = std::move(other.flight_);
            }
            return *this;
        }
        ~Lead() { finish(nullptr); }

        // The answer (null: none to share) goes to every follower.
        void finish(std::shared_ptr<const domain::CacheEntry> answer) noexcept;

    private:
        CallCoalescing* owner_;
        domain::CacheKey key_;
        std::shared_ptr<Flight> flight_;
    };

    // Leads the flight of `key` when there is none, else follows it.
    struct Turn {
        std::optional<Lead> lead;
        std::shared_ptr<Flight> flight;  // to follow, when not leading
    };
    Turn take(const domain::CacheKey& key);

    // The leader's answer; null when it had none to share (the follower then
    // goes on by itself). A follower waits no longer than its own `deadline`
    // (ErrorCode::upstream_timeout), and a cancelled wait ends with
    // ErrorCode::client_closed.
    boost::asio::awaitable<domain::Result<std::shared_ptr<const domain::CacheEntry>>> follow(
        std::shared_ptr<Flight> flight, const domain::Clock& clock,
        std::optional<std::chrono::steady_clock::time_point> deadline);

    // Flights under way, for tests.
    std::size_t in_flight() const;

private:
    struct KeyHash {
        std::size_t operator()(const domain::CacheKey& key) const noexcept;
    };
    mutable std::mutex mutex_;
    std::unordered_map<domain::CacheKey, std::shared_ptr<Flight>, KeyHash> flights_;
};

}  // namespace llmgw::application
