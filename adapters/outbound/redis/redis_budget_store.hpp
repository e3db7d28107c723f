#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapters/outbound/redis/shared_state_base.hpp"
#include "domain/ports/budget_store.hpp"
#include "domain/ports/clock.hpp"

namespace llmgw::adapters::redis {

// The budgets' accounts and holds in Redis, shared by every gateway
// instance that uses the same server, database and prefix, so that several
// instances never overspend one budget. Per account (`budget:ACCOUNT`) a
// hash of its period, spent and reserved nano-dollars, changed only by
// HINCRBY (exact 64-bit integers); and the holds on it, this instance's
// and others', with their amounts (`budget-amounts:ACCOUNT`) and expiry
// (`budget-holds:ACCOUNT`), so that a crashed instance's holds lapse
// (counted back by the next reservation on the account) instead of
// refusing callers for ever.
//
// A reservation is one Lua script, atomic over all of the hold's budgets:
// every one has room (spent + reserved + amount within its limit; compared
// in Lua's doubles, exact up to 2^53 nano-dollars, $9,007,199 a budget),
// or none is charged. Settling and releasing are sent from the loop that
// reserved, without waiting, once (this instance remembers its open holds;
// a second end does nothing). Accounts of a period that has ended expire
// two hours after it.
//
// `standing` is this instance's latest view of an account: refreshed by
// every reply about it, and read again from Redis (without waiting) when
// older than a second. `restore` keeps the larger of Redis's spend and the
// one given (each instance's ledger may hold only its own spend), sent
// ahead of this instance's first reservation.
class RedisBudgetStore final : public domain::BudgetStore, public SharedStateBase {
public:
    RedisBudgetStore(RedisClient& client, const domain::Clock& clock, SharedStateOptions options);

    boost::asio::awaitable<domain::Result<domain::ReservationId>> reserve(const domain::Hold& hold) override;
    void settle(domain::ReservationId reservation, domain::NanoDollars cost) noexcept override;
    void release(domain::ReservationId reservation) noexcept override;
    Standing standing(const domain::BudgetLine& line) const override;
    void restore(const domain::BudgetLine& line, domain::NanoDollars spent) override;

    std::size_t open_reservations() const;

private:
    struct OpenHold {
        std::uint16_t loop = 0;
        domain::NanoDollars amount;
        std::vector<std::string> keys;  // three per budget, as the scripts take them
        std::vector<std::string> accounts;
    };
    struct View {
        Standing standing;
        std::chrono::steady_clock::time_point read_at;
    };

    void append_keys(const std::string& account, std::vector<std::string>& keys) const;
    // Ends a hold: `cost` spent, or released when none.
    void end(domain::ReservationId reservation, std::optional<domain::NanoDollars> cost) noexcept;
    // Sends the restores given so far, ahead of a reservation.
    boost::asio::awaitable<void> send_restores();
    void note_standings(const std::vector<std::string>& accounts, const Reply& reply, std::size_t first) const;

    const domain::Clock& clock_;
    std::atomic<domain::ReservationId> next_id_{1};
    mutable std::mutex holds_mutex_;
    std::unordered_map<domain::ReservationId, OpenHold> holds_;
    mutable std::unordered_map<std::string, View> views_;
    std::vector<std::pair<domain::BudgetLine, domain::NanoDollars>> restores_;
};

}  // namespace llmgw::adapters::redis
