#pragma once

#include <cstddef>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "domain/ports/cost_ledger.hpp"

namespace llmgw::infrastructure {

// The ledger kept in process memory: lost on exit, so only for development
// and tests until a durable ledger replaces it. It enforces no budget.
class MemoryCostLedger final : public domain::CostLedger {
public:
    boost::asio::awaitable<domain::Result<domain::ReservationId>> reserve(const domain::Attribution& caller,
                                                                          domain::MicroDollars estimate) override;
    boost::asio::awaitable<domain::Result<void>> settle(domain::ReservationId reservation,
                                                        const domain::LedgerEntry& entry) override;
    boost::asio::awaitable<void> release(domain::ReservationId reservation) override;

    std::vector<domain::LedgerEntry> entries() const;
    std::size_t open_reservations() const;

private:
    mutable std::mutex mutex_;
    domain::ReservationId next_id_ = 1;
    std::unordered_map<domain::ReservationId, domain::MicroDollars> reserved_;
    std::vector<domain::LedgerEntry> entries_;
};

}  // namespace llmgw::infrastructure
