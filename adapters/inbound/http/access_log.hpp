#pragma once

#include <chrono>
#include <string_view>

#include "domain/request_outcome.hpp"
#include "domain/trace_context.hpp"
#include "observability/logger.hpp"

namespace llmgw::adapters {

// One finished request as its access log line tells it.
struct AccessEntry {
    std::string_view request_id;
    std::string_view client_request_id;
    const domain::TraceContext* trace = nullptr;
    std::string_view method;
    std::string_view path;  // without the query: a query may carry anything
    unsigned status = 0;
    std::chrono::steady_clock::duration took{};
    std::string_view client_address;
    const domain::RequestOutcome* outcome = nullptr;  // a model call's, when known
};

// Writes the `request` line (info): the request's ids and trace, method,
// path, status, latency and client address, and for a model call what it
// asked and got: model, served model, provider, stream, tokens, cost (exact
// dollars), cache, attempts, time to first token, key id and team. Never
// a secret, a key or message content.
void log_access(observability::Logger& logger, const AccessEntry& entry);

}  // namespace llmgw::adapters
