#pragma once

#include <utility>
#include <vector>

#include "domain/ports/budget_store.hpp"

namespace llmgw::application {

// One open hold on the budgets, owned by the attempt that took it. It ends
// exactly once: `settle` books what the attempt cost, `release` frees it,
// and a reservation that leaves scope still open (an early return, an
// exception, a coroutine cancelled or destroyed mid-call) is released by its
// destructor. Nothing here awaits, so no path out of a call can skip it.
class Reservation {
public:
    Reservation(domain::BudgetStore& budgets, domain::ReservationId id, std::vector<domain::BudgetLine> lines) noexcept
        : budgets_(&budgets), id_(id), lines_(std::move(lines)) {}
    Reservation(Reservation&& other) noexcept
        : budgets_(other.budgets_), id_(other.id_), lines_(std::move(other.lines_)) {
        other.budgets_ = nullptr;
    }
    Reservation& operator=(Reservation&&) = delete;
    ~Reservation() { release(); }

    void settle(domain::NanoDollars cost) noexcept {
        if (!budgets_) return;
        budgets_->settle(id_, cost);
        budgets_ = nullptr;
    }
    void release() noexcept {
        if (!budgets_) return;
        budgets_->release(id_);
        budgets_ = nullptr;
    }
    bool open() const noexcept { return budgets_ != nullptr; }
    // The budgets the hold was taken on.
    const std::vector<domain::BudgetLine>& lines() const noexcept { return lines_; }

private:
    domain::BudgetStore* budgets_;
    domain::ReservationId id_;
    std::vector<domain::BudgetLine> lines_;
};

}  // namespace llmgw::application
