#pragma once

#include "domain/ports/cost_ledger.hpp"

namespace llmgw::application {

// One open hold on the ledger, owned by the attempt that took it. It ends
// exactly once: `settle` books what the attempt cost, `release` frees it,
// and a reservation that leaves scope still open (an early return, an
// exception, a coroutine cancelled or destroyed mid-call) is released by its
// destructor. Nothing here awaits, so no path out of a call can skip it.
class Reservation {
public:
    Reservation(domain::CostLedger& ledger, domain::ReservationId id) noexcept : ledger_(&ledger), id_(id) {}
    Reservation(Reservation&& other) noexcept : ledger_(other.ledger_), id_(other.id_) { other.ledger_ = nullptr; }
    Reservation& operator=(Reservation&&) = delete;
    ~Reservation() { release(); }

    void settle(const domain::LedgerEntry& entry) noexcept {
        if (!ledger_) return;
        ledger_->settle(id_, entry);
        ledger_ = nullptr;
    }
    void release() noexcept {
        if (!ledger_) return;
        ledger_->release(id_);
        ledger_ = nullptr;
    }
    bool open() const noexcept { return ledger_ != nullptr; }

private:
    domain::CostLedger* ledger_;
    domain::ReservationId id_;
};

}  // namespace llmgw::application
