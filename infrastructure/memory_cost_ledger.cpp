#include "infrastructure/memory_cost_ledger.hpp"

namespace llmgw::infrastructure {

boost::asio::awaitable<domain::Result<domain::ReservationId>> MemoryCostLedger::reserve(const domain::Attribution&,
                                                                                        domain::MicroDollars estimate) {
    std::lock_guard lock(mutex_);
    const auto id = next_id_++;
    reserved_.emplace(id, estimate);
    co_return id;
}

boost::asio::awaitable<domain::Result<void>> MemoryCostLedger::settle(domain::ReservationId reservation,
                                                                      const domain::LedgerEntry& entry) {
    std::lock_guard lock(mutex_);
    if (reserved_.erase(reservation) == 0) {
        co_return domain::make_error(domain::ErrorCode::internal,
                                     "Ledger reservation " + std::to_string(reservation) + " is not open.");
    }
    entries_.push_back(entry);
    co_return domain::success();
}

boost::asio::awaitable<void> MemoryCostLedger::release(domain::ReservationId reservation) {
    std::lock_guard lock(mutex_);
    reserved_.erase(reservation);
    co_return;
}

std::vector<domain::LedgerEntry> MemoryCostLedger::entries() const {
    std::lock_guard lock(mutex_);
    return entries_;
}

std::size_t MemoryCostLedger::open_reservations() const {
    std::lock_guard lock(mutex_);
    return reserved_.size();
}

}  // namespace llmgw::infrastructure
