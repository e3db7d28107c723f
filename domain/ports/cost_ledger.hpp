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

// What one finished call cost, and who it is billed to.
struct LedgerEntry {
    std::string request_id;
    Attribution caller;
    std::string model;           // the gateway model name
    std::string provider;
    std::string upstream_model;
    Usage usage;
    bool usage_estimated = false;  // the upstream did not report usage
    bool cache_hit = false;
    MicroDollars cost;
    std::chrono::system_clock::time_point at;
};

using ReservationId = std::uint64_t;

// The durable record of spend. A call first reserves its estimated cost
// (a budgeted ledger refuses a reservation that would overspend, with
// ErrorCode::budget_exceeded), then either settles the reservation with what
// the call really cost or releases it when nothing was spent. Every
// reservation is settled or released exactly once.
class CostLedger {
public:
    virtual ~CostLedger() = default;
    virtual boost::asio::awaitable<Result<ReservationId>> reserve(const Attribution& caller,
                                                                  MicroDollars estimate) = 0;
    virtual boost::asio::awaitable<Result<void>> settle(ReservationId reservation, const LedgerEntry& entry) = 0;
    virtual boost::asio::awaitable<void> release(ReservationId reservation) = 0;
};

}  // namespace llmgw::domain
