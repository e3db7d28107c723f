#pragma once

#include <cstdint>
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
    // The longest answer it gives: what a call that sets no max_tokens may
    // cost at most, and so what its budgets reserve.
    std::int64_t max_output_tokens = 4096;
    // What kind of API the provider speaks (its configured `kind`: openai,
    // openai_compatible, anthropic, gemini, mock) and where it is served,
    // for the traces.
    std::string provider_kind;
    std::string host;
    std::uint16_t port = 0;
};

}  // namespace llmgw::domain
