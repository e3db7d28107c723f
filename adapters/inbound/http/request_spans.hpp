#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/request_outcome.hpp"
#include "domain/request_trace.hpp"
#include "domain/trace_context.hpp"
#include "observability/secret_scrubber.hpp"
#include "observability/tracing/span.hpp"

namespace llmgw::adapters {

// What the HTTP exchange of a request was, for its SERVER span.
struct HttpExchangeFacts {
    std::string_view method;
    std::string_view path;  // without the query
    std::string_view user_agent;
    std::string client_address;
    std::string server_address;
    std::uint16_t server_port = 0;
    unsigned status = 0;
    std::chrono::system_clock::time_point started;  // when the request was read
    std::chrono::system_clock::time_point ended;
};

// Converts the Clock's monotonic times to Unix time, read once when the
// spans are made.
struct TimeBase {
    std::chrono::system_clock::time_point wall_now;
    std::chrono::steady_clock::time_point monotonic_now;

    std::uint64_t unix_nano(std::chrono::steady_clock::time_point at) const;
    static std::uint64_t unix_nano(std::chrono::system_clock::time_point at);
};

// The spans of one traced request, with OpenTelemetry's semantic
// conventions: the SERVER span of the HTTP exchange (HTTP conventions, and
// the llmgw.* attributes of its caller, cost and cache outcome, with its
// retries, fallbacks and breaker rejections as events), an INTERNAL span
// per policy step, and a CLIENT span per upstream attempt (the GenAI
// conventions: operation, provider, request parameters, response id,
// finish reasons, usage, time to first chunk). Error text passes through
// `scrubber`. Message content is recorded only when the recording captured
// it and `capture_content_bytes` allows it (gen_ai.input.messages and
// gen_ai.output.messages, scrubbed too).
// `outcome` is what a model call came to (null for a request that made
// none).
std::vector<observability::Span> request_spans(const domain::TraceContext& trace, const HttpExchangeFacts& exchange,
                                               std::string_view request_id, std::string_view client_request_id,
                                               const domain::RequestTrace& recording,
                                               const domain::RequestOutcome* outcome, const TimeBase& time,
                                               const observability::SecretScrubber& scrubber,
                                               std::size_t capture_content_bytes = 0);

// The GenAI conventions' gen_ai.provider.name for a provider of `kind`
// (`provider` is the configured name, used for kinds they do not list).
std::string_view gen_ai_provider_name(std::string_view kind, std::string_view provider);

}  // namespace llmgw::adapters
