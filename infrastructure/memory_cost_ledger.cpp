#include "infrastructure/memory_cost_ledger.hpp"

namespace llmgw::infrastructure {

boost::asio::awaitable<domain::Result<domain::ReservationId>> MemoryCostLedger::reserve(const domain::Hold& hold) {
    std::lock_guard lock(mutex_);
    const auto id = next_id_++;
    holds_.emplace(id, hold.amount);
    co_return id;
}

void MemoryCostLedger::settle(domain::ReservationId reservation, const domain::LedgerEntry& entry) noexcept {
    std::lock_guard lock(mutex_);
    if (holds_.erase(reservation) == 0) return;  // already ended
    ++totals_.settled;
    totals_.spent += entry.cost;
    if (max_entries_ == 0) return;
    if (entries_.size() == max_entries_) entries_.pop_front();
    entries_.push_back(entry);
}

void MemoryCostLedger::release(domain::ReservationId reservation) noexcept {
    std::lock_guard lock(mutex_);
    if (holds_.erase(reservation) > 0) ++totals_.released;
}

std::vector<domain::LedgerEntry> MemoryCostLedger::entries() const {
    std::lock_guard lock(mutex_);
    return {entries_.begin(), entries_.end()};
}

std::size_t MemoryCostLedger::open_reservations() const {
    std::lock_guard lock(mutex_);
    return holds_.size();
}

domain::NanoDollars MemoryCostLedger::reserved() const {
    std::lock_guard lock(mutex_);
    domain::NanoDollars sum;
    for (const auto& [id, amount] : holds_) sum += amount;
    return sum;
}

MemoryCostLedger::Totals MemoryCostLedger::totals() const {
    std::lock_guard lock(mutex_);
    return totals_;
}

}  // namespace llmgw::infrastructure
