#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "domain/ports/cost_ledger.hpp"

namespace llmgw::infrastructure {

// The ledger kept in process memory: lost on exit, so only for development
// and tests. It enforces no budget, and keeps the last `max_entries` entries
// (the totals count them all), so that its memory stays bounded whatever the
// uptime.
class MemoryCostLedger final : public domain::CostLedger {
public:
    explicit MemoryCostLedger(std::size_t max_entries = 100'000) : max_entries_(max_entries) {}

    boost::asio::awaitable<domain::Result<domain::ReservationId>> reserve(const domain::Hold& hold) override;
    void settle(domain::ReservationId reservation, const domain::LedgerEntry& entry) noexcept override;
    void release(domain::ReservationId reservation) noexcept override;

    std::vector<domain::LedgerEntry> entries() const;
    std::size_t open_reservations() const;
    domain::NanoDollars reserved() const;
    struct Totals {
        std::size_t settled = 0;
        std::size_t released = 0;
        domain::NanoDollars spent;
    };
    Totals totals() const;

private:
    const std::size_t max_entries_;
    mutable std::mutex mutex_;
    domain::ReservationId next_id_ = 1;
    std::unordered_map<domain::ReservationId, domain::NanoDollars> holds_;
    std::deque<domain::LedgerEntry> entries_;
    Totals totals_;
};

}  // namespace llmgw::infrastructure
