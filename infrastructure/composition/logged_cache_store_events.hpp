#pragma once

#include "adapters/outbound/redis/redis_response_cache.hpp"
#include "infrastructure/composition/gateway_metrics.hpp"
#include "observability/logger.hpp"

namespace llmgw::infrastructure {

// The cache's Redis going away and coming back as log lines (once per
// change), and every failed lookup counted.
class LoggedCacheStoreEvents final : public adapters::redis::CacheStoreEvents {
public:
    LoggedCacheStoreEvents(observability::Logger& logger, GatewayMetrics& metrics) : logger_(logger), metrics_(metrics) {}

    void store_unavailable(std::string_view why) override {
        logger_.warn("cache_store_unavailable", {{"error", why}, {"detail", "lookups are misses until it is back"}});
    }
    void store_available() override { logger_.info("cache_store_available", {}); }
    void lookup_failed() override { metrics_.cache_store_failed(); }

private:
    observability::Logger& logger_;
    GatewayMetrics& metrics_;
};

}  // namespace llmgw::infrastructure
