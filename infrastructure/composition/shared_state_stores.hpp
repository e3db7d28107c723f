#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "adapters/outbound/redis/redis_budget_store.hpp"
#include "adapters/outbound/redis/redis_client.hpp"
#include "adapters/outbound/redis/redis_rate_limit_store.hpp"
#include "application/shared_state_fallback.hpp"
#include "domain/ports/clock.hpp"
#include "infrastructure/config/gateway_config.hpp"
#include "infrastructure/memory_budget_store.hpp"
#include "infrastructure/memory_rate_limit_store.hpp"

namespace llmgw::infrastructure {

// Where rate-limit counters and budget holds live, as `shared_state` says:
// this instance's memory, or Redis shared by every instance, with this
// instance's memory standing in while Redis is down (`on_down: local`).
class SharedStateStores {
public:
    SharedStateStores(const SharedStateConfig& config, const std::vector<domain::RateLimit>& limits,
                      const domain::Clock& clock, application::SharedStateEvents& events);

    domain::RateLimitStore& rate_limits() noexcept;
    domain::BudgetStore& budgets() noexcept;

private:
    struct Shared {
        Shared(const SharedStateConfig& config, const std::vector<domain::RateLimit>& limits,
               const domain::Clock& clock, application::SharedStateEvents& events, SharedStateStores& local);
        adapters::redis::RedisClient client;
        adapters::redis::RedisRateLimitStore rates;
        adapters::redis::RedisBudgetStore budgets;
        application::SharedStateHealth rate_health;
        application::SharedStateHealth budget_health;
        application::FallbackRateLimitStore fallback_rates;
        application::FallbackBudgetStore fallback_budgets;
    };

    MemoryRateLimitStore local_rates_;
    MemoryBudgetStore local_budgets_;
    std::unique_ptr<Shared> shared_;
};

}  // namespace llmgw::infrastructure
