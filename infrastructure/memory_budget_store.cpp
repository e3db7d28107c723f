#include "infrastructure/memory_budget_store.hpp"

#include <algorithm>

namespace llmgw::infrastructure {

MemoryBudgetStore::Account* MemoryBudgetStore::account_for(const domain::BudgetLine& line) {
    auto found = accounts_.find(line.account);
    if (found == accounts_.end()) {
        if (accounts_.size() >= max_accounts_) return nullptr;
        found = accounts_.emplace(line.account, Account{line.period_start, line.resets_at, {}, {}, 0}).first;
    }
    auto& account = found->second;
    if (line.period_start > account.period_start) {
        // A new period: what was spent before no longer counts. Holds taken
        // before stay reserved until they end.
        account.period_start = line.period_start;
        account.resets_at = line.resets_at;
        account.spent = {};
    }
    return &account;
}

boost::asio::awaitable<domain::Result<domain::ReservationId>> MemoryBudgetStore::reserve(const domain::Hold& hold) {
    const auto now = clock_.now();
    std::lock_guard lock(mutex_);
    lapse_expired(now);
    if (accounts_.size() + hold.budgets.size() > max_accounts_) forget_past_accounts(now);

    OpenHold open{{}, hold.amount, hold.expires_at};
    open.accounts.reserve(hold.budgets.size());
    for (const auto& line : hold.budgets) {
        auto* account = account_for(line);
        if (!account) {
            auto refused = domain::make_error(domain::ErrorCode::budget_exceeded,
                                              "Budget exceeded: the gateway tracks no more end users this period; "
                                              "try again later.");
            refused.retry_after = std::chrono::seconds(60);
            co_return refused;
        }
        if (account->spent + account->reserved + hold.amount > line.budget.limit) {
            co_return domain::budget_exceeded(line, now);
        }
        open.accounts.push_back(account);
    }
    // Every budget has room: charge them all.
    for (auto* account : open.accounts) {
        account->reserved += hold.amount;
        ++account->open_holds;
    }
    const auto id = next_id_++;
    holds_.emplace(id, std::move(open));
    co_return id;
}

void MemoryBudgetStore::end(domain::ReservationId id, std::optional<domain::NanoDollars> cost) noexcept {
    const auto found = holds_.find(id);
    if (found == holds_.end()) return;  // already ended
    for (auto* account : found->second.accounts) {
        account->reserved -= found->second.amount;
        --account->open_holds;
        if (cost) account->spent += *cost;
    }
    holds_.erase(found);
    if (cost) {
        ++totals_.settled;
        totals_.spent += *cost;
    } else {
        ++totals_.released;
    }
}

void MemoryBudgetStore::settle(domain::ReservationId reservation, domain::NanoDollars cost) noexcept {
    std::lock_guard lock(mutex_);
    end(reservation, cost);
}

void MemoryBudgetStore::release(domain::ReservationId reservation) noexcept {
    std::lock_guard lock(mutex_);
    end(reservation, std::nullopt);
}

void MemoryBudgetStore::lapse_expired(std::chrono::system_clock::time_point now) {
    if (now < next_lapse_check_) return;
    next_lapse_check_ = now + std::chrono::minutes(1);
    std::vector<domain::ReservationId> lapsed;
    for (const auto& [id, hold] : holds_) {
        if (hold.expires_at <= now) lapsed.push_back(id);
    }
    for (const auto id : lapsed) {
        end(id, std::nullopt);
        --totals_.released;
        ++totals_.lapsed;
    }
}

void MemoryBudgetStore::forget_past_accounts(std::chrono::system_clock::time_point now) {
    std::erase_if(accounts_, [&](const auto& entry) {
        const auto& account = entry.second;
        return account.open_holds == 0 && account.resets_at && *account.resets_at <= now;
    });
}

MemoryBudgetStore::Standing MemoryBudgetStore::standing(const domain::BudgetLine& line) const {
    std::lock_guard lock(mutex_);
    const auto found = accounts_.find(line.account);
    if (found == accounts_.end()) return {};
    const auto& account = found->second;
    const bool current = account.period_start >= line.period_start;
    return {current ? account.spent : domain::NanoDollars{}, account.reserved};
}

void MemoryBudgetStore::restore(const domain::BudgetLine& line, domain::NanoDollars spent) {
    std::lock_guard lock(mutex_);
    if (auto* account = account_for(line)) account->spent = spent;
}

std::size_t MemoryBudgetStore::open_reservations() const {
    std::lock_guard lock(mutex_);
    return holds_.size();
}

domain::NanoDollars MemoryBudgetStore::reserved() const {
    std::lock_guard lock(mutex_);
    domain::NanoDollars sum;
    for (const auto& [id, hold] : holds_) sum += hold.amount;
    return sum;
}

MemoryBudgetStore::Totals MemoryBudgetStore::totals() const {
    std::lock_guard lock(mutex_);
    return totals_;
}

}  // namespace llmgw::infrastructure
