#pragma once

#include <cstddef>
#include <mutex>
#include <unordered_map>

#include "domain/ports/budget_store.hpp"

namespace llmgw::infrastructure {

// The budget holds of this process, kept in memory. It enforces no limit
// yet: it tracks what is held, settled and released.
class MemoryBudgetStore final : public domain::BudgetStore {
public:
    boost::asio::awaitable<domain::Result<domain::ReservationId>> reserve(const domain::Hold& hold) override;
    void settle(domain::ReservationId reservation, domain::NanoDollars cost) noexcept override;
    void release(domain::ReservationId reservation) noexcept override;

    std::size_t open_reservations() const;
    domain::NanoDollars reserved() const;
    struct Totals {
        std::size_t settled = 0;
        std::size_t released = 0;
        domain::NanoDollars spent;
    };
    Totals totals() const;

private:
    mutable std::mutex mutex_;
    domain::ReservationId next_id_ = 1;
    std::unordered_map<domain::ReservationId, domain::NanoDollars> holds_;
    Totals totals_;
};

}  // namespace llmgw::infrastructure
