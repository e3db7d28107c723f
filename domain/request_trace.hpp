#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/chat_response.hpp"
#include "domain/deployment.hpp"
#include "domain/ledger_row.hpp"
#include "domain/message.hpp"
#include "domain/trace_context.hpp"
#include "domain/usage.hpp"

namespace llmgw::domain {

// What a sampled request's trace shows of the gateway's own work, written
// down as it happens (nothing here does I/O) and turned into spans by the
// front door once the request is over: the policy steps that took time,
// every upstream attempt, and what happened between them. Times are the
// Clock's monotonic time.

using SpanId = std::array<std::uint8_t, 8>;
using MonotonicTime = std::chrono::steady_clock::time_point;

// A policy step: admission, a budget reservation, a cache lookup, a wait
// for a concurrency place.
struct TracedStep {
    std::string_view name;  // a literal: "admit", "reserve budget", ...
    SpanId span_id{};
    MonotonicTime started{};
    MonotonicTime ended{};
    std::string error_code;  // empty when it passed
    std::optional<NanoDollars> reserved;  // a budget reservation: how much
};

// One try on one deployment.
struct TracedAttempt {
    TraceContext trace;  // the attempt's own span (sent upstream as traceparent)
    int number = 1;
    const Deployment* deployment = nullptr;  // owned by the router, lives as long as the gateway
    MonotonicTime started{};
    MonotonicTime ended{};
    std::optional<MonotonicTime> first_content;  // streams: the first chunk with content
    std::string error_code;                      // empty when it answered
    std::string error_message;                   // the gateway's wording, scrubbed on export
    std::string response_id;
    std::vector<FinishReason> finish_reasons;
    Usage usage;
    // Why it was made: the failure of the attempt before on the same
    // deployment (a retry), or the deployment that failed before it (a
    // fallback).
    std::string retry_reason;
    const Deployment* fallback_from = nullptr;
};

// Something that happened to the request between its spans.
struct TracedEvent {
    std::string_view name;  // "retry", "fallback", "breaker rejected"
    MonotonicTime at{};
    const Deployment* deployment = nullptr;
    const Deployment* to = nullptr;  // a fallback's next deployment
    std::string reason;  // an error code
    std::optional<std::chrono::milliseconds> delay;
    int attempt = 0;  // the attempt it leads to
};

// What the request asked for, as the GenAI conventions describe it.
struct TracedParameters {
    Operation operation = Operation::chat;
    std::string model;  // the name the client asked for
    bool stream = false;
    std::optional<std::int64_t> max_tokens;
    std::optional<double> temperature;
    std::optional<double> top_p;
    std::vector<std::string> stop_sequences;
};

// The conversation itself, kept only when the operator asks for it
// (`telemetry.capture_content`): what was asked and what the client got.
struct CapturedContent {
    std::vector<Message> input;
    Message output;
    std::optional<FinishReason> finish_reason;
    bool answered = false;
};

struct RequestTrace {
    TracedParameters parameters;
    std::vector<TracedStep> steps;
    std::vector<TracedAttempt> attempts;
    std::vector<TracedEvent> events;
    bool capture_content = false;
    CapturedContent content;
};

}  // namespace llmgw::domain
