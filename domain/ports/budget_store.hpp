#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "domain/budget.hpp"
#include "domain/error.hpp"
#include "domain/money.hpp"
#include "domain/request_context.hpp"

namespace llmgw::domain {

// A hold on the caller's budgets for one upstream attempt, taken before the
// attempt at its worst-case cost. Who and what it is for are views of the
// request's context and deployment, valid while `reserve` runs (a store that
// keeps them copies them): an attempt should not pay for copies nobody reads.
struct Hold {
    std::string_view request_id;
    const Attribution* caller = nullptr;
    std::string_view model;  // the gateway model name of the deployment tried
    std::string_view provider;
    NanoDollars amount;
    // Every budget that applies to the call: all must have room for
    // `amount`, or none is charged.
    std::vector<BudgetLine> budgets;
    // A hold whose request never ended it (a crashed or stuck process)
    // lapses here, so that it cannot refuse callers for ever.
    std::chrono::system_clock::time_point expires_at;
};

using ReservationId = std::uint64_t;

// The holds on budgets that keep concurrent calls from overspending. A call
// first reserves its worst-case cost (refused with ErrorCode::budget_exceeded
// when that would overspend), then either settles the reservation with what
// the call really cost or releases it when nothing was spent.
//
// Reserving is atomic over the hold's budgets: when any of them lacks room
// (spent + reserved + amount over its limit), none is charged and the call
// is refused with that budget's domain::budget_exceeded. Spend is counted
// per period: an account whose period has passed starts again from zero.
//
// Settling and releasing never wait and never fail: they run on every path
// out of a call, cancellation and unwinding included, where nothing can be
// awaited. Each is idempotent: a reservation ends once, and a second settle
// or release of it does nothing. A hold past its `expires_at` is released
// by the store itself.
class BudgetStore {
public:
    virtual ~BudgetStore() = default;
    virtual boost::asio::awaitable<Result<ReservationId>> reserve(const Hold& hold) = 0;
    virtual void settle(ReservationId reservation, NanoDollars cost) noexcept = 0;
    virtual void release(ReservationId reservation) noexcept = 0;

    // Where a budget stands in its current period.
    struct Standing {
        NanoDollars spent;
        NanoDollars reserved;
    };
    virtual Standing standing(const BudgetLine& line) const = 0;
    // Sets what was already spent in `line`'s period (from the ledger, at
    // start-up), so that a restart does not reset anyone's budget.
    virtual void restore(const BudgetLine& line, NanoDollars spent) = 0;
};

}  // namespace llmgw::domain
