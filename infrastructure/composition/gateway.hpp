#pragma once

#include <memory>
#include <string>

#include "infrastructure/config/gateway_config.hpp"
#include "observability/logger.hpp"

namespace llmgw::adapters {
class HttpServer;
}

namespace llmgw::infrastructure {

// The composition root: builds every adapter from the configuration and
// wires them into the use cases behind one HTTP server, which then listens
// on as many event loops as it is given. `config` and `logger` must outlive
// the gateway. Throws ConfigError for a configuration that cannot be served
// (e.g. a provider kind this build does not have).
class Gateway {
public:
    Gateway(const GatewayConfig& config, observability::Logger& logger);
    ~Gateway();

    adapters::HttpServer& server();
    // The server of `telemetry.metrics_listen`, when configured.
    adapters::HttpServer* metrics_server();
    // The configured model names, comma-separated, for the start-up log.
    std::string model_names() const;

private:
    struct Parts;
    std::unique_ptr<Parts> parts_;
};

// Builds a gateway, serves it on `config.threads` event loops until SIGINT or
// SIGTERM, then drains. Returns the process exit code.
int run_gateway(const GatewayConfig& config, observability::Logger& logger);

}  // namespace llmgw::infrastructure
