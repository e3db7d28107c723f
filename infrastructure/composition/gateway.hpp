#pragma once

#include <functional>

#include <boost/asio/ip/tcp.hpp>

#include "infrastructure/config/gateway_config.hpp"
#include "observability/logger.hpp"

namespace llmgw::infrastructure {

// The composition root: builds every adapter from the configuration, wires
// them into the use cases, serves until SIGINT or SIGTERM, then drains.
// Returns the process exit code. Throws ConfigError for a configuration that
// cannot be served (e.g. a provider kind this build does not have).
int run_gateway(const GatewayConfig& config, observability::Logger& logger);

}  // namespace llmgw::infrastructure
