#pragma once

#include <chrono>
#include <optional>
#include <string_view>

#include "domain/trace_context.hpp"

namespace llmgw::domain {

// One try of a call on one deployment, as its transport needs to know it:
// the model's name there, which try of the request it is (counted across
// retries and fallbacks, from 1), the try's own span in the request's trace
// (sent upstream as `traceparent`), and how long the caller still waits.
struct Attempt {
    std::string_view upstream_model;
    int number = 1;
    TraceContext trace;
    std::optional<std::chrono::milliseconds> time_left;
};

}  // namespace llmgw::domain
