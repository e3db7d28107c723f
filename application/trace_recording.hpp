#pragma once

#include <string_view>

#include "domain/error.hpp"
#include "domain/ports/clock.hpp"
#include "domain/request_context.hpp"
#include "domain/request_trace.hpp"

namespace llmgw::application {

// Helpers that write a traced request's steps and attempts down (see
// domain::RequestTrace). Each does nothing when the request is not traced.

// A policy step, timed from construction to destruction (so a step that
// ends by cancellation is recorded too).
class TracedStepScope {
public:
    TracedStepScope(const domain::RequestContext& context, const domain::Clock& clock, std::string_view name);
    TracedStepScope(const TracedStepScope&) = delete;
    TracedStepScope& operator=(const TracedStepScope&) = delete;
    ~TracedStepScope();

    void failed(const domain::Error& error) { step_.error_code = domain::to_string(error.code); }
    void reserved(domain::NanoDollars amount) { step_.reserved = amount; }

private:
    domain::RequestTrace* recording_;
    const domain::Clock& clock_;
    domain::TracedStep step_;
};

// What the request asks of the model, for the GenAI request attributes.
template <class Request>
void trace_parameters(const domain::RequestContext& context, const Request& request) {
    if (!context.recording) return;
    auto& parameters = context.recording->parameters;
    if constexpr (requires { request.temperature; }) parameters.temperature = request.temperature;
    if constexpr (requires { request.top_p; }) parameters.top_p = request.top_p;
    if constexpr (requires { request.stop; }) parameters.stop_sequences = request.stop;
    if constexpr (requires { request.max_tokens->value; }) {
        if (request.max_tokens) parameters.max_tokens = request.max_tokens->value;
    } else if constexpr (requires { request.max_tokens; }) {
        parameters.max_tokens = request.max_tokens;
    }
}

// What an attempt's answer tells: its id, usage and finish reasons.
template <class Answer>
void trace_answer(domain::TracedAttempt& attempt, const Answer& answer) {
    attempt.usage = answer.usage;
    if constexpr (requires { answer.id; }) attempt.response_id = answer.id;
    if constexpr (requires { answer.choices; }) {
        for (const auto& choice : answer.choices) {
            if (choice.finish_reason) attempt.finish_reasons.push_back(*choice.finish_reason);
        }
    }
}

void trace_event(const domain::RequestContext& context, domain::TracedEvent event);

}  // namespace llmgw::application
