#include "infrastructure/memory_budget_store.hpp"

namespace llmgw::infrastructure {

boost::asio::awaitable<domain::Result<domain::ReservationId>> MemoryBudgetStore::reserve(const domain::Hold& hold) {
    std::lock_guard lock(mutex_);
    const auto id = next_id_++;
    holds_.emplace(id, hold.amount);
    co_return id;
}

void MemoryBudgetStore::settle(domain::ReservationId reservation, domain::NanoDollars cost) noexcept {
    std::lock_guard lock(mutex_);
    if (holds_.erase(reservation) == 0) return;  // already ended
    ++totals_.settled;
    totals_.spent += cost;
}

void MemoryBudgetStore::release(domain::ReservationId reservation) noexcept {
    std::lock_guard lock(mutex_);
    if (holds_.erase(reservation) > 0) ++totals_.released;
}

std::size_t MemoryBudgetStore::open_reservations() const {
    std::lock_guard lock(mutex_);
    return holds_.size();
}

domain::NanoDollars MemoryBudgetStore::reserved() const {
    std::lock_guard lock(mutex_);
    domain::NanoDollars sum;
    for (const auto& [id, amount] : holds_) sum += amount;
    return sum;
}

MemoryBudgetStore::Totals MemoryBudgetStore::totals() const {
    std::lock_guard lock(mutex_);
    return totals_;
}

}  // namespace llmgw::infrastructure
