#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "domain/error.hpp"
#include "domain/money.hpp"
#include "domain/request_context.hpp"
#include "domain/usage.hpp"

namespace llmgw::domain {

// A hold on the caller's budgets for one upstream attempt, taken before the
// attempt at its worst-case cost.
struct Hold {
    std::string request_id;
    Attribution caller;
    std::string model;     // the gateway model name of the deployment tried
    std::string provider;
    NanoDollars amount;
    // A hold whose request never ended it (a crashed or stuck process)
    // lapses here, so that it cannot refuse callers for ever.
    std::chrono::system_clock::time_point expires_at;
};

// What one finished attempt cost, and who it is billed to.
struct LedgerEntry {
    std::string request_id;
    Attribution caller;
    std::string model;           // the gateway model name
    std::string provider;
    std::string upstream_model;
    Usage usage;
    bool usage_estimated = false;  // the upstream did not report usage
    bool cache_hit = false;
    NanoDollars cost;
    std::chrono::system_clock::time_point at;
};

using ReservationId = std::uint64_t;

// The record of spend, and the holds on budgets that keep concurrent calls
// from overspending. A call first reserves its worst-case cost (a budgeted
// ledger refuses a hold that would overspend, with
// ErrorCode::budget_exceeded), then either settles the reservation with
// what the call really cost or releases it when nothing was spent.
//
// Settling and releasing never wait and never fail: they run on every path
// out of a call, cancellation and unwinding included, where nothing can be
// awaited. A durable ledger queues the entry; one whose queue is full
// refuses new reservations instead, so that an answer already paid for is
// never lost. Each is idempotent: a
// reservation ends once, and a second settle or release of it does nothing.
class CostLedger {
public:
    virtual ~CostLedger() = default;
    virtual boost::asio::awaitable<Result<ReservationId>> reserve(const Hold& hold) = 0;
    virtual void settle(ReservationId reservation, const LedgerEntry& entry) noexcept = 0;
    virtual void release(ReservationId reservation) noexcept = 0;
};

}  // namespace llmgw::domain
