#pragma once

#include <string>
#include <vector>

#include "application/provider_health.hpp"

namespace llmgw::adapters {

// The body of GET /v1/health/providers:
//   {"object":"list","data":[{"model","provider","upstream_model",
//     "circuit_breaker":{"state","consecutive_failures","cooldown_left_ms","transitions"},
//     "recent":{"requests","failures","error_rate"}, "latency_ms" (null before
//     the first success), "in_flight","queued","max_concurrency",
//     "probe":{"ok","latency_ms","error"} (only when probed)}]}
std::string write_provider_health(const std::vector<application::ProviderHealth::Report>& reports,
                                  const std::vector<application::ProviderHealth::ProbeResult>& probes);

}  // namespace llmgw::adapters
