#include "infrastructure/composition/shared_state_stores.hpp"

#include "infrastructure/config/config_loader.hpp"

namespace llmgw::infrastructure {
namespace {

adapters::redis::RedisEndpoint endpoint_of(const SharedStateConfig& config) {
    auto endpoint = adapters::redis::parse_redis_url(config.redis_url);
    if (!endpoint) throw ConfigError("shared_state.url_env: " + endpoint.error().message);
    return std::move(endpoint).value();
}

application::OnSharedStateDown on_down_of(const SharedStateConfig& config) {
    return config.reject_when_down ? application::OnSharedStateDown::reject : application::OnSharedStateDown::local;
}

}  // namespace

SharedStateStores::Shared::Shared(const SharedStateConfig& config, const std::vector<domain::RateLimit>& limits,
                                  const domain::Clock& clock, application::SharedStateEvents& events,
                                  SharedStateStores& local)
    : client(endpoint_of(config), {}),
      rates(client, limits, {config.key_prefix, config.timeout}, config.parallel_lease),
      budgets(client, clock, {config.key_prefix, config.timeout}),
      rate_health(application::SharedStore::rate_limits, on_down_of(config), events),
      budget_health(application::SharedStore::budgets, on_down_of(config), events),
      fallback_rates(rates, local.local_rates_, rate_health),
      fallback_budgets(budgets, local.local_budgets_, budget_health) {}

SharedStateStores::SharedStateStores(const SharedStateConfig& config, const std::vector<domain::RateLimit>& limits,
                                     const domain::Clock& clock, application::SharedStateEvents& events)
    : local_rates_(limits), local_budgets_(clock) {
    if (config.redis) shared_ = std::make_unique<Shared>(config, limits, clock, events, *this);
}

domain::RateLimitStore& SharedStateStores::rate_limits() noexcept {
    if (shared_) return shared_->fallback_rates;
    return local_rates_;
}

domain::BudgetStore& SharedStateStores::budgets() noexcept {
    if (shared_) return shared_->fallback_budgets;
    return local_budgets_;
}

}  // namespace llmgw::infrastructure
