#include "application/shared_state_fallback.hpp"

namespace llmgw::application {
namespace {

// Tickets and reservation ids of the local store carry this bit; the
// shared stores' never reach it.
constexpr std::uint64_t local_bit = 1ull << 63;

}  // namespace

std::string_view to_string(SharedStore store) noexcept {
    return store == SharedStore::budgets ? "budgets" : "rate_limits";
}

OnSharedStateDown SharedStateHealth::failed(std::string_view why) {
    if (!down_.exchange(true, std::memory_order_relaxed)) events_.unavailable(store_, why, on_down_);
    events_.decided_without(store_, on_down_);
    return on_down_;
}

void SharedStateHealth::succeeded() {
    if (down_.load(std::memory_order_relaxed) && down_.exchange(false, std::memory_order_relaxed)) {
        events_.available(store_);
    }
}

domain::Error SharedStateHealth::refusal() const {
    auto error = domain::make_error(
        domain::ErrorCode::shared_state_unavailable,
        std::string("The gateway cannot reach the ") +
            (store_ == SharedStore::budgets ? "budgets" : "rate limits") +
            " it shares with its other instances, and is configured to refuse rather than decide alone; try again "
            "shortly.");
    error.retry_after = std::chrono::seconds(1);
    return error;
}

boost::asio::awaitable<domain::Result<domain::RateDecision>> FallbackRateLimitStore::take(
    std::span<const domain::RateCharge> charges, std::chrono::steady_clock::time_point now) {
    auto shared = co_await shared_.take(charges, now);
    if (shared) {
        health_.succeeded();
        co_return shared;
    }
    if (health_.failed(shared.error().message) == OnSharedStateDown::reject) co_return health_.refusal();
    auto local = co_await local_.take(charges, now);
    if (local) local.value().ticket |= local_bit;
    co_return local;
}

void FallbackRateLimitStore::give_back(domain::RateTicket ticket, std::span<const domain::RateCharge> returns) noexcept {
    if (ticket & local_bit) {
        local_.give_back(ticket & ~local_bit, returns);
    } else {
        shared_.give_back(ticket, returns);
    }
}

boost::asio::awaitable<domain::Result<domain::ReservationId>> FallbackBudgetStore::reserve(const domain::Hold& hold) {
    auto shared = co_await shared_.reserve(hold);
    if (shared || shared.error().code != domain::ErrorCode::shared_state_unavailable) {
        health_.succeeded();
        co_return shared;
    }
    if (health_.failed(shared.error().message) == OnSharedStateDown::reject) co_return health_.refusal();
    auto local = co_await local_.reserve(hold);
    if (local) co_return local.value() | local_bit;
    co_return local;
}

void FallbackBudgetStore::settle(domain::ReservationId reservation, domain::NanoDollars cost) noexcept {
    if (reservation & local_bit) {
        local_.settle(reservation & ~local_bit, cost);
    } else {
        shared_.settle(reservation, cost);
    }
}

void FallbackBudgetStore::release(domain::ReservationId reservation) noexcept {
    if (reservation & local_bit) {
        local_.release(reservation & ~local_bit);
    } else {
        shared_.release(reservation);
    }
}

FallbackBudgetStore::Standing FallbackBudgetStore::standing(const domain::BudgetLine& line) const {
    return health_.down() ? local_.standing(line) : shared_.standing(line);
}

void FallbackBudgetStore::restore(const domain::BudgetLine& line, domain::NanoDollars spent) {
    shared_.restore(line, spent);
    local_.restore(line, spent);
}

}  // namespace llmgw::application
