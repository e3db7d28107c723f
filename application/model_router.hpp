#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/deployment.hpp"
#include "domain/error.hpp"
#include "domain/ports/llm_transport.hpp"

namespace llmgw::application {

// A deployment and the transport that reaches it.
struct Route {
    domain::Deployment deployment;
    domain::LlmTransport* transport = nullptr;  // owned by the composition root
};

// Which deployment serves a model name. Built once at start-up; read-only
// afterwards, so every event loop can share it.
class ModelRouter {
public:
    explicit ModelRouter(std::vector<Route> routes);

    domain::Result<const Route*> resolve(std::string_view model) const;

    // Every model name clients may send, once each, in configuration order,
    // with the provider of its first deployment.
    struct ModelEntry {
        std::string model;
        std::string provider;
    };
    std::vector<ModelEntry> models() const;

private:
    std::vector<Route> routes_;
};

}  // namespace llmgw::application
