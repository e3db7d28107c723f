#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapters/outbound/redis/shared_state_base.hpp"
#include "domain/ports/rate_limit_store.hpp"

namespace llmgw::adapters::redis {

// Rate-limit counters in Redis, shared by every gateway instance that uses
// the same server, database and prefix, so that N instances enforce one
// limit, not N. Each set of charges is one Lua script, atomic in Redis:
// every limit has room and all are charged, or none is. Time is Redis's
// (TIME), one clock for every instance.
//
// A window is a leaky bucket: the units used (`level`) and when (`at`),
// draining at `limit` per period, so that a request fits while level plus
// its amount is within the limit (the same arithmetic as the in-memory
// GCRA). Requests under way (`parallel`) are a sorted set of the
// instances' tickets, each with a lease that its instance renews every
// third of a lease while the request lasts: a crashed instance's places
// lapse when their lease does, instead of refusing callers for ever, and a
// stream that outlasts a lease keeps its place. Keys expire once their
// bucket is empty or their last lease has run out.
//
// What ends a request (give_back) is sent from the loop it was admitted
// on without waiting; a give-back that is lost (Redis down) leaves its
// window a little fuller until it drains, and its place until its lease
// ends.
class RedisRateLimitStore final : public domain::RateLimitStore, public SharedStateBase {
public:
    // `limits` by their slot, as RateLimiting numbers them.
    RedisRateLimitStore(RedisClient& client, const std::vector<domain::RateLimit>& limits, SharedStateOptions options,
                        std::chrono::milliseconds parallel_lease = std::chrono::minutes(10));

    boost::asio::awaitable<domain::Result<domain::RateDecision>> take(
        std::span<const domain::RateCharge> charges, std::chrono::steady_clock::time_point now) override;
    void give_back(domain::RateTicket ticket, std::span<const domain::RateCharge> returns) noexcept override;

    // The Redis key of `limit`'s counter.
    std::string key_of(const domain::RateLimit& limit) const;

private:
    // A limit as the scripts take it: its key, then kind, limit and period.
    struct Counter {
        std::string key;
        std::string kind;  // "p": requests under way; "w": a window
        std::string limit;
        std::string period_us;
    };
    void append_counter(const domain::RateCharge& charge, std::vector<std::string>& keys,
                        std::vector<std::string>& arguments) const;
    std::string member(domain::RateTicket ticket) const;
    // Notes the places `ticket` took, and starts renewing their leases on
    // this loop unless that is under way.
    void hold_places(domain::RateTicket ticket, std::span<const domain::RateCharge> charges);
    // Renews every open place's lease until none is left open.
    boost::asio::awaitable<void> renew_places();

    std::vector<Counter> counters_;
    const std::chrono::milliseconds parallel_lease_;
    std::atomic<std::uint64_t> next_ticket_{1};
    std::mutex places_mutex_;
    // Each open ticket's places, by the slots of their limits.
    std::unordered_map<domain::RateTicket, std::vector<std::size_t>> open_places_;
    bool renewing_ = false;
};

}  // namespace llmgw::adapters::redis
