#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/ports/budget_store.hpp"
#include "domain/ports/clock.hpp"

namespace llmgw::infrastructure {

// The budgets' accounts and holds of this process, in memory: exact and
// atomic for one instance (several instances share them through the shared
// state store). Holds that outlive their `expires_at` lapse on a later
// reserve (checked once a minute). Accounts of end users, whose names callers choose, are bounded:
// accounts of a past period are forgotten first, and past
// `max_accounts` a new end user's hold is refused.
class MemoryBudgetStore final : public domain::BudgetStore {
public:
    explicit MemoryBudgetStore(const domain::Clock& clock, std::size_t max_accounts = 100'000)
        : clock_(clock), max_accounts_(max_accounts) {}

    boost::asio::awaitable<domain::Result<domain::ReservationId>> reserve(const domain::Hold& hold) override;
    void settle(domain::ReservationId reservation, domain::NanoDollars cost) noexcept override;
    void release(domain::ReservationId reservation) noexcept override;
    Standing standing(const domain::BudgetLine& line) const override;
    void restore(const domain::BudgetLine& line, domain::NanoDollars spent) override;

    std::size_t open_reservations() const;
    domain::NanoDollars reserved() const;
    struct Totals {
        std::size_t settled = 0;
        std::size_t released = 0;
        std::size_t lapsed = 0;
        domain::NanoDollars spent;
    };
    Totals totals() const;

private:
    struct Account {
        std::chrono::system_clock::time_point period_start;
        std::optional<std::chrono::system_clock::time_point> resets_at;
        domain::NanoDollars spent;
        domain::NanoDollars reserved;
        std::size_t open_holds = 0;
    };
    struct OpenHold {
        std::vector<Account*> accounts;
        domain::NanoDollars amount;
        std::chrono::system_clock::time_point expires_at;
    };

    // The account of `line`, moved on to `line`'s period when that is a
    // later one; null when there is no room for another account.
    Account* account_for(const domain::BudgetLine& line);
    // Ends `hold`: `cost` is spent (none when released).
    void end(domain::ReservationId id, std::optional<domain::NanoDollars> cost) noexcept;
    void lapse_expired(std::chrono::system_clock::time_point now);
    void forget_past_accounts(std::chrono::system_clock::time_point now);

    const domain::Clock& clock_;
    const std::size_t max_accounts_;
    mutable std::mutex mutex_;
    domain::ReservationId next_id_ = 1;
    // Node-based: holds point at accounts, which never move.
    std::unordered_map<std::string, Account> accounts_;
    std::unordered_map<domain::ReservationId, OpenHold> holds_;
    // Holds are few (one per call under way): all are looked over for
    // lapsed ones once a minute.
    std::chrono::system_clock::time_point next_lapse_check_{};
    Totals totals_;
};

}  // namespace llmgw::infrastructure
