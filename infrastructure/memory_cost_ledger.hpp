#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

#include "domain/ports/cost_ledger.hpp"

namespace llmgw::infrastructure {

// The ledger kept in process memory: lost on exit, so only for development
// and tests. It keeps the last `max_rows` rows (the totals count them all),
// so that its memory stays bounded whatever the uptime.
class MemoryCostLedger final : public domain::CostLedger {
public:
    explicit MemoryCostLedger(std::size_t max_rows = 100'000) : max_rows_(max_rows) {}

    void record(domain::LedgerRow row) noexcept override;
    bool accepting() const noexcept override { return true; }

    std::vector<domain::LedgerRow> rows() const;
    struct Totals {
        std::size_t rows = 0;
        domain::NanoDollars cost;
    };
    Totals totals() const;

private:
    const std::size_t max_rows_;
    mutable std::mutex mutex_;
    std::deque<domain::LedgerRow> rows_;
    Totals totals_;
};

}  // namespace llmgw::infrastructure
