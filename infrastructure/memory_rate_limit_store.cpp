#include "infrastructure/memory_rate_limit_store.hpp"

namespace llmgw::infrastructure {

MemoryRateLimitStore::MemoryRateLimitStore(const std::vector<domain::RateLimit>& limits)
    : counters_(std::make_unique<Counter[]>(limits.size())) {
    for (const auto& limit : limits) {
        auto& counter = counters_[limit.slot];
        counter.gcra = domain::Gcra::of(limit);
        counter.parallel = limit.measure == domain::RateMeasure::parallel;
    }
}

bool MemoryRateLimitStore::take_one(const domain::RateCharge& charge, std::int64_t now_ns,
                                    domain::RateDecision& decision) noexcept {
    auto& counter = counters_[charge.limit->slot];
    auto current = counter.value.load(std::memory_order_relaxed);
    if (counter.parallel) {
        for (;;) {
            if (current + charge.amount > charge.limit->limit) return false;
            if (counter.value.compare_exchange_weak(current, current + charge.amount, std::memory_order_relaxed)) {
                decision.left.push_back({charge.limit->limit - current - charge.amount, {}});
                return true;
            }
        }
    }
    for (;;) {
        const auto step = counter.gcra.take(current, now_ns, charge.amount);
        if (!step.admitted) {
            decision.retry_after = std::chrono::nanoseconds(step.wait_ns);
            return false;
        }
        if (counter.value.compare_exchange_weak(current, step.tat, std::memory_order_relaxed)) {
            decision.left.push_back({counter.gcra.remaining(step.tat, now_ns),
                                     std::chrono::nanoseconds(counter.gcra.reset_ns(step.tat, now_ns))});
            return true;
        }
    }
}

boost::asio::awaitable<domain::Result<domain::RateDecision>> MemoryRateLimitStore::take(
    std::span<const domain::RateCharge> charges, std::chrono::steady_clock::time_point now) {
    const auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
    domain::RateDecision decision;
    decision.left.reserve(charges.size());
    for (std::size_t i = 0; i < charges.size(); ++i) {
        if (take_one(charges[i], now_ns, decision)) continue;
        for (std::size_t j = 0; j < i; ++j) give_back_one(charges[j]);
        decision.left.clear();
        decision.refused_by = i;
        co_return decision;
    }
    co_return decision;
}

void MemoryRateLimitStore::give_back(domain::RateTicket, std::span<const domain::RateCharge> returns) noexcept {
    for (const auto& charge : returns) {
        if (charge.amount != 0) give_back_one(charge);
    }
}

void MemoryRateLimitStore::give_back_one(const domain::RateCharge& charge) noexcept {
    auto& counter = counters_[charge.limit->slot];
    if (counter.parallel) {
        counter.value.fetch_sub(charge.amount, std::memory_order_relaxed);
        return;
    }
    auto current = counter.value.load(std::memory_order_relaxed);
    while (!counter.value.compare_exchange_weak(current, counter.gcra.give_back(current, charge.amount),
                                                std::memory_order_relaxed)) {
    }
}

}  // namespace llmgw::infrastructure
