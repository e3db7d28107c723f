#pragma once

#include <atomic>
#include <string_view>

#include "domain/ports/budget_store.hpp"
#include "domain/ports/rate_limit_store.hpp"

namespace llmgw::application {

// What the gateway does when the state its instances share (Redis) cannot
// be reached: count on this instance alone, or refuse (503).
enum class OnSharedStateDown { local, reject };

// Which of the shared stores a decision was about.
enum class SharedStore { rate_limits, budgets };
std::string_view to_string(SharedStore store) noexcept;

// What becomes of the shared state, told to whoever logs and counts it.
class SharedStateEvents {
public:
    virtual ~SharedStateEvents() = default;
    // Once per change: it cannot be reached (`why`, for operators only).
    virtual void unavailable(SharedStore store, std::string_view why, OnSharedStateDown action) = 0;
    virtual void available(SharedStore store) = 0;
    // Every request decided without it (on this instance's counters, or refused).
    virtual void decided_without(SharedStore store, OnSharedStateDown action) = 0;
};

// Tells a store's ups and downs once per change.
class SharedStateHealth {
public:
    SharedStateHealth(SharedStore store, OnSharedStateDown on_down, SharedStateEvents& events)
        : store_(store), on_down_(on_down), events_(events) {}

    // A request the shared store could not decide: what happens to it
    // (`on_down`), told and counted. The caller's error never says why.
    OnSharedStateDown failed(std::string_view why);
    void succeeded();
    bool down() const noexcept { return down_.load(std::memory_order_relaxed); }
    // The refusal of `on_down: reject`: 503, try again in a second.
    domain::Error refusal() const;

private:
    const SharedStore store_;
    const OnSharedStateDown on_down_;
    SharedStateEvents& events_;
    std::atomic<bool> down_{false};
};

// Rate-limit counters shared by the gateway's instances (`shared`), with
// this instance's own (`local`) for when they cannot be reached and
// `on_down` is local. A ticket says which store took it, so that each
// request gives back to the counters it was taken from.
class FallbackRateLimitStore final : public domain::RateLimitStore {
public:
    FallbackRateLimitStore(domain::RateLimitStore& shared, domain::RateLimitStore& local, SharedStateHealth& health)
        : shared_(shared), local_(local), health_(health) {}

    boost::asio::awaitable<domain::Result<domain::RateDecision>> take(
        std::span<const domain::RateCharge> charges, std::chrono::steady_clock::time_point now) override;
    void give_back(domain::RateTicket ticket, std::span<const domain::RateCharge> returns) noexcept override;

private:
    domain::RateLimitStore& shared_;
    domain::RateLimitStore& local_;
    SharedStateHealth& health_;
};

// Budget holds shared by the gateway's instances (`shared`), with this
// instance's own (`local`, restored from its ledger like the shared one)
// for when they cannot be reached and `on_down` is local.
class FallbackBudgetStore final : public domain::BudgetStore {
public:
    FallbackBudgetStore(domain::BudgetStore& shared, domain::BudgetStore& local, SharedStateHealth& health)
        : shared_(shared), local_(local), health_(health) {}

    boost::asio::awaitable<domain::Result<domain::ReservationId>> reserve(const domain::Hold& hold) override;
    void settle(domain::ReservationId reservation, domain::NanoDollars cost) noexcept override;
    void release(domain::ReservationId reservation) noexcept override;
    // The shared store's view, or this instance's while the shared one is down.
    Standing standing(const domain::BudgetLine& line) const override;
    void restore(const domain::BudgetLine& line, domain::NanoDollars spent) override;

private:
    domain::BudgetStore& shared_;
    domain::BudgetStore& local_;
    SharedStateHealth& health_;
};

}  // namespace llmgw::application
