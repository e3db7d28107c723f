#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "domain/ports/rate_limit_store.hpp"

namespace llmgw::infrastructure {

// This instance's rate-limit counters, one per configured limit (by its
// `slot`), shared by every event loop without a lock: each counter is one
// atomic word, changed by compare-and-swap (a window's GCRA arrival time,
// or the count of requests under way). A set of charges is taken one limit
// at a time and given back if a later one refuses: it may refuse a request
// that a moment later would fit, never admit one beyond a limit.
class MemoryRateLimitStore final : public domain::RateLimitStore {
public:
    explicit MemoryRateLimitStore(const std::vector<domain::RateLimit>& limits);

    boost::asio::awaitable<domain::Result<domain::RateDecision>> take(
        std::span<const domain::RateCharge> charges, std::chrono::steady_clock::time_point now) override;
    // Needs no ticket: every counter is this instance's.
    void give_back(domain::RateTicket ticket, std::span<const domain::RateCharge> returns) noexcept override;

private:
    struct Counter {
        domain::Gcra gcra;
        bool parallel = false;
        // Apart from one another: loops charging different limits do not
        // share a cache line.
        alignas(64) std::atomic<std::int64_t> value{0};
    };
    bool take_one(const domain::RateCharge& charge, std::int64_t now_ns, domain::RateDecision& decision) noexcept;
    void give_back_one(const domain::RateCharge& charge) noexcept;

    std::unique_ptr<Counter[]> counters_;
};

}  // namespace llmgw::infrastructure
