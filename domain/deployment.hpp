#pragma once

#include <string>

#include "domain/money.hpp"

namespace llmgw::domain {

// One way to serve a model: a provider, the model's name there, and its price.
// `model` is the name clients send; several deployments may share it.
struct Deployment {
    std::string model;
    std::string provider;
    std::string upstream_model;
    Pricing pricing;
};

}  // namespace llmgw::domain
