#include "infrastructure/memory_cost_ledger.hpp"

namespace llmgw::infrastructure {

void MemoryCostLedger::record(domain::LedgerRow row) noexcept {
    std::lock_guard lock(mutex_);
    ++totals_.rows;
    totals_.cost += row.cost;
    if (max_rows_ == 0) return;
    if (rows_.size() == max_rows_) rows_.pop_front();
    rows_.push_back(std::move(row));
}

std::vector<domain::LedgerRow> MemoryCostLedger::rows() const {
    std::lock_guard lock(mutex_);
    return {rows_.begin(), rows_.end()};
}

MemoryCostLedger::Totals MemoryCostLedger::totals() const {
    std::lock_guard lock(mutex_);
    return totals_;
}

}  // namespace llmgw::infrastructure
