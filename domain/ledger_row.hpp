#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/guardrails/finding_count.hpp"
#include "domain/money.hpp"
#include "domain/request_context.hpp"
#include "domain/usage.hpp"

namespace llmgw::domain {

// What a request asked a model to do.
enum class Operation { chat, embeddings, completions };

constexpr std::string_view to_string(Operation operation) noexcept {
    switch (operation) {
    case Operation::chat: return "chat";
    case Operation::embeddings: return "embeddings";
    case Operation::completions: return "completions";
    }
    return "chat";
}

// The ledger's record of one request, whatever became of it: answered,
// failed, refused, served from the cache or abandoned by its client. Its
// fields are the columns of the durable ledger's `ledger` table, which
// finance teams query directly.
struct LedgerRow {
    std::string request_id;         // the gateway's own: unique
    std::string client_request_id;  // the caller's X-Request-Id, if it sent one
    std::chrono::system_clock::time_point started_at;
    std::chrono::system_clock::time_point finished_at;
    Attribution caller;
    Operation operation = Operation::chat;
    std::string model;  // the name the client asked for
    // The deployment that answered (after fallbacks): the last one billed.
    std::string served_model;
    std::string provider;
    std::string upstream_model;
    bool stream = false;
    int status = 0;          // what the client was answered (499: it left first)
    std::string error_code;  // empty when answered
    // Summed over every attempt the providers billed (an attempt that failed
    // after streaming part of an answer is billed too).
    Usage usage;
    bool usage_estimated = false;  // some attempt's usage is the gateway's estimate
    NanoDollars cost;
    NanoDollars saved;  // what the gateway's cache saved
    bool cache_hit = false;
    // How the response cache took part (hit and coalesced are cache hits;
    // for the metrics, not a ledger column).
    CacheOutcome cache = CacheOutcome::none;
    int attempts = 0;
    std::int64_t latency_ms = 0;
    // The same to the microsecond, and how much of it the upstream attempts
    // took: the rest is the gateway's own overhead (for the metrics; not
    // ledger columns).
    std::int64_t latency_us = 0;
    std::int64_t upstream_us = 0;
    std::optional<std::int64_t> ttft_ms;  // streams: until the first content reached the client
    bool aborted = false;                 // the client left before the answer was complete
    // What the content guardrails found, by kind, way and action (the
    // `pii_findings` column sums them by kind).
    std::vector<FindingCount> pii_findings;
};

}  // namespace llmgw::domain
