#include "adapters/inbound/http/request_spans.hpp"

#include "adapters/inbound/http/captured_content.hpp"

#include "adapters/common/usd_text.hpp"

namespace llmgw::adapters {
namespace {

using observability::Attribute;
using observability::Span;
using observability::SpanKind;
using observability::SpanStatus;

std::string_view gen_ai_operation(domain::Operation operation) {
    switch (operation) {
    case domain::Operation::chat: return "chat";
    case domain::Operation::embeddings: return "embeddings";
    case domain::Operation::completions: return "text_completion";
    }
    return "chat";
}

std::string deployment_name(const domain::Deployment& deployment) {
    return deployment.model + "@" + deployment.provider;
}

// Spans of the gateway's own work: children of the request's span.
Span child_span(const domain::TraceContext& trace, const domain::SpanId& span_id, std::string name, SpanKind kind,
                std::uint64_t start, std::uint64_t end) {
    Span span;
    span.trace_id = trace.trace_id;
    span.span_id = span_id;
    span.parent_span_id = trace.span_id;
    span.trace_state = trace.tracestate;
    span.name = std::move(name);
    span.kind = kind;
    span.start_unix_nano = start;
    span.end_unix_nano = end;
    span.sampled = trace.sampled;
    return span;
}

void add_usage(std::vector<Attribute>& attributes, const domain::Usage& usage) {
    attributes.push_back({"gen_ai.usage.input_tokens", usage.prompt_tokens});
    attributes.push_back({"gen_ai.usage.output_tokens", usage.completion_tokens});
    if (usage.cached_prompt_tokens > 0) {
        attributes.push_back({"gen_ai.usage.cache_read.input_tokens", usage.cached_prompt_tokens});
    }
    if (usage.cache_write_prompt_tokens > 0) {
        attributes.push_back({"gen_ai.usage.cache_creation.input_tokens", usage.cache_write_prompt_tokens});
    }
    if (usage.reasoning_tokens > 0) {
        attributes.push_back({"gen_ai.usage.reasoning.output_tokens", usage.reasoning_tokens});
    }
}

void fail(Span& span, std::string_view error_type, std::string message) {
    span.attributes.push_back({"error.type", std::string(error_type)});
    span.status = SpanStatus::error;
    span.status_message = std::move(message);
}

Span server_span(const domain::TraceContext& trace, const HttpExchangeFacts& exchange, std::string_view request_id,
                 std::string_view client_request_id, const domain::RequestTrace& recording,
                 const domain::RequestOutcome* outcome, const TimeBase& time) {
    Span span;
    span.trace_id = trace.trace_id;
    span.span_id = trace.span_id;
    span.parent_span_id = trace.parent_span_id;
    span.parent_is_remote = trace.has_parent();
    span.trace_state = trace.tracestate;
    span.sampled = trace.sampled;
    span.kind = SpanKind::server;
    // HTTP conventions: "{method} {route}"; a path the gateway does not
    // serve is no route (and would make names unbounded).
    span.name = std::string(exchange.method);
    if (exchange.status != 404) span.name += " " + std::string(exchange.path);
    span.start_unix_nano = TimeBase::unix_nano(exchange.started);
    span.end_unix_nano = TimeBase::unix_nano(exchange.ended);
    auto& attributes = span.attributes;
    attributes.reserve(32);  // what a model call's span has, grown once
    attributes.push_back({"http.request.method", std::string(exchange.method)});
    attributes.push_back({"url.path", std::string(exchange.path)});
    attributes.push_back({"url.scheme", std::string("http")});
    attributes.push_back({"http.response.status_code", static_cast<std::int64_t>(exchange.status)});
    attributes.push_back({"network.protocol.version", std::string("1.1")});
    attributes.push_back({"server.address", exchange.server_address});
    attributes.push_back({"server.port", std::int64_t{exchange.server_port}});
    attributes.push_back({"client.address", exchange.client_address});
    if (!exchange.user_agent.empty()) attributes.push_back({"user_agent.original", std::string(exchange.user_agent)});
    attributes.push_back({"llmgw.request_id", std::string(request_id)});
    if (!client_request_id.empty()) attributes.push_back({"llmgw.client_request_id", std::string(client_request_id)});
    if (outcome) {
        const auto& parameters = recording.parameters;
        attributes.push_back({"gen_ai.operation.name", std::string(gen_ai_operation(parameters.operation))});
        attributes.push_back({"llmgw.model", parameters.model});
        attributes.push_back({"llmgw.stream", parameters.stream});
        if (!outcome->api_key_id.empty()) attributes.push_back({"llmgw.key_id", outcome->api_key_id});
        if (!outcome->team.empty()) attributes.push_back({"llmgw.team", outcome->team});
        if (!outcome->project.empty()) attributes.push_back({"llmgw.project", outcome->project});
        if (!outcome->served_model.empty()) attributes.push_back({"llmgw.served_by", outcome->served_model});
        attributes.push_back({"llmgw.cache_hit", outcome->cache_hit});
        if (outcome->cache != domain::CacheOutcome::none) {
            attributes.push_back({"llmgw.cache", std::string(domain::to_string(outcome->cache))});
        }
        attributes.push_back({"llmgw.cost_usd", usd_text(outcome->cost)});
        attributes.push_back({"llmgw.cost_nanousd", outcome->cost.value});
        attributes.push_back({"llmgw.attempts", static_cast<std::int64_t>(recording.attempts.size())});
        add_usage(attributes, outcome->usage);
        if (!outcome->error_code.empty()) attributes.push_back({"error.type", outcome->error_code});
    } else if (exchange.status >= 400) {
        attributes.push_back({"error.type", std::to_string(exchange.status)});
    }
    // HTTP conventions: a server span fails on 5xx; a 4xx is the client's.
    if (exchange.status >= 500) span.status = SpanStatus::error;
    for (const auto& event : recording.events) {
        observability::SpanEvent out{.name = event.name, .time_unix_nano = time.unix_nano(event.at)};
        if (event.deployment) out.attributes.push_back({"llmgw.deployment", deployment_name(*event.deployment)});
        if (event.to) out.attributes.push_back({"llmgw.fallback_to", deployment_name(*event.to)});
        if (!event.reason.empty()) out.attributes.push_back({"error.type", event.reason});
        if (event.delay) out.attributes.push_back({"llmgw.retry.delay_ms", std::int64_t{event.delay->count()}});
        if (event.attempt > 0) out.attributes.push_back({"llmgw.attempt", std::int64_t{event.attempt}});
        span.events.push_back(std::move(out));
    }
    return span;
}

Span step_span(const domain::TraceContext& trace, const domain::TracedStep& step, const TimeBase& time) {
    auto span = child_span(trace, step.span_id, "llmgw " + std::string(step.name), SpanKind::internal,
                           time.unix_nano(step.started), time.unix_nano(step.ended));
    if (step.reserved) {
        span.attributes.push_back({"llmgw.budget.reserved_usd", usd_text(*step.reserved)});
        span.attributes.push_back({"llmgw.budget.reserved_nanousd", step.reserved->value});
    }
    if (!step.error_code.empty()) fail(span, step.error_code, step.error_code);
    return span;
}

Span attempt_span(const domain::TraceContext& trace, const domain::TracedAttempt& attempt,
                  const domain::TracedParameters& parameters, const TimeBase& time,
                  const observability::SecretScrubber& scrubber) {
    const auto& deployment = *attempt.deployment;
    const auto operation = gen_ai_operation(parameters.operation);
    auto span = child_span(trace, attempt.trace.span_id, std::string(operation) + " " + deployment.upstream_model,
                           SpanKind::client, time.unix_nano(attempt.started), time.unix_nano(attempt.ended));
    auto& attributes = span.attributes;
    attributes.reserve(32);
    attributes.push_back({"gen_ai.operation.name", std::string(operation)});
    attributes.push_back(
        {"gen_ai.provider.name", std::string(gen_ai_provider_name(deployment.provider_kind, deployment.provider))});
    attributes.push_back({"gen_ai.request.model", deployment.upstream_model});
    if (parameters.max_tokens) attributes.push_back({"gen_ai.request.max_tokens", *parameters.max_tokens});
    if (parameters.temperature) attributes.push_back({"gen_ai.request.temperature", *parameters.temperature});
    if (parameters.top_p) attributes.push_back({"gen_ai.request.top_p", *parameters.top_p});
    if (!parameters.stop_sequences.empty()) {
        attributes.push_back({"gen_ai.request.stop_sequences", parameters.stop_sequences});
    }
    attributes.push_back({"gen_ai.request.stream", parameters.stream});
    if (!deployment.host.empty()) {
        attributes.push_back({"server.address", deployment.host});
        attributes.push_back({"server.port", std::int64_t{deployment.port}});
    }
    attributes.push_back({"llmgw.attempt", std::int64_t{attempt.number}});
    attributes.push_back({"llmgw.deployment", deployment_name(deployment)});
    if (!attempt.retry_reason.empty()) attributes.push_back({"llmgw.retry_reason", attempt.retry_reason});
    if (attempt.fallback_from) attributes.push_back({"llmgw.fallback_from", deployment_name(*attempt.fallback_from)});
    if (attempt.first_content) {
        const std::chrono::duration<double> first = *attempt.first_content - attempt.started;
        attributes.push_back({"gen_ai.response.time_to_first_chunk", first.count()});
    }
    if (!attempt.error_code.empty()) {
        fail(span, attempt.error_code, scrubber.scrub(attempt.error_message));
        return span;
    }
    if (!attempt.response_id.empty()) attributes.push_back({"gen_ai.response.id", attempt.response_id});
    attributes.push_back({"gen_ai.response.model", deployment.upstream_model});
    if (!attempt.finish_reasons.empty()) {
        std::vector<std::string> reasons;
        for (const auto reason : attempt.finish_reasons) reasons.emplace_back(domain::to_string(reason));
        attributes.push_back({"gen_ai.response.finish_reasons", std::move(reasons)});
    }
    add_usage(attributes, attempt.usage);
    return span;
}

// gen_ai.input.messages on spans[from...], gen_ai.output.messages on the
// last (the attempt that answered), their text scrubbed of secrets.
void add_content(std::vector<Span>& spans, std::size_t from, const domain::CapturedContent& content,
                 std::size_t max_bytes, const observability::SecretScrubber& scrubber) {
    const auto input = input_messages_json(content, max_bytes, scrubber);
    for (std::size_t i = from; i < spans.size(); ++i) spans[i].attributes.push_back({"gen_ai.input.messages", input.text});
    bool truncated = input.truncated;
    if (content.answered || !content.output.content.empty() || !content.output.tool_calls.empty()) {
        const auto output = output_messages_json(content, max_bytes, scrubber);
        spans.back().attributes.push_back({"gen_ai.output.messages", output.text});
        truncated = truncated || output.truncated;
    }
    if (truncated) spans.back().attributes.push_back({"llmgw.content_truncated", true});
}

}  // namespace

std::uint64_t TimeBase::unix_nano(std::chrono::steady_clock::time_point at) const {
    return unix_nano(wall_now - std::chrono::duration_cast<std::chrono::system_clock::duration>(monotonic_now - at));
}

std::uint64_t TimeBase::unix_nano(std::chrono::system_clock::time_point at) {
    const auto since_epoch = std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
    return since_epoch > 0 ? static_cast<std::uint64_t>(since_epoch) : 0;
}

std::string_view gen_ai_provider_name(std::string_view kind, std::string_view provider) {
    if (kind == "openai") return "openai";
    if (kind == "anthropic") return "anthropic";
    if (kind == "gemini") return "gcp.gemini";
    return provider;  // an OpenAI-compatible server (Ollama, vLLM) or the mock, by its configured name
}

std::vector<observability::Span> request_spans(const domain::TraceContext& trace, const HttpExchangeFacts& exchange,
                                               std::string_view request_id, std::string_view client_request_id,
                                               const domain::RequestTrace& recording,
                                               const domain::RequestOutcome* outcome, const TimeBase& time,
                                               const observability::SecretScrubber& scrubber,
                                               std::size_t capture_content_bytes) {
    std::vector<Span> spans;
    spans.reserve(1 + recording.steps.size() + recording.attempts.size());
    spans.push_back(server_span(trace, exchange, request_id, client_request_id, recording, outcome, time));
    for (const auto& step : recording.steps) spans.push_back(step_span(trace, step, time));
    for (const auto& attempt : recording.attempts) {
        spans.push_back(attempt_span(trace, attempt, recording.parameters, time, scrubber));
    }
    if (recording.capture_content && capture_content_bytes > 0) {
        // On the inference spans, as the conventions place them; a request
        // no upstream answered (a cache hit) has them on its own span.
        const std::size_t first_attempt = spans.size() - recording.attempts.size();
        add_content(spans, first_attempt == spans.size() ? 0 : first_attempt, recording.content, capture_content_bytes,
                    scrubber);
    }
    return spans;
}

}  // namespace llmgw::adapters
