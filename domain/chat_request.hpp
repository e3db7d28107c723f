#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/message.hpp"
#include "domain/raw_json.hpp"

namespace llmgw::domain {

struct ToolDefinition {
    std::string name;
    std::string description;
    std::string parameters;  // JSON Schema as JSON text; empty when absent
    std::optional<bool> strict;
    std::string cache_control;  // as in ContentPart
    // A provider's own tool, as the client wrote it in the request's dialect
    // (JSON text): one of OpenAI's built-in tools (web_search, file_search,
    // ...; `name` is its type), which only a deployment on OpenAI's
    // Responses API runs, or one of Anthropic's server tools (web_search_...,
    // code_execution_...), which only an Anthropic deployment runs.
    std::string builtin;
};

struct ToolChoice {
    enum class Mode { auto_, none, required, named };
    Mode mode = Mode::auto_;
    std::string name;  // for Mode::named
};

// The upper bound on generated tokens, remembering which field the client used:
// newer OpenAI models accept only `max_completion_tokens`.
struct MaxTokens {
    std::int64_t value = 0;
    bool from_max_completion_tokens = false;
};

// The API a request came in through, and so the vocabulary of its
// pass-through fields: an outbound adapter splices `extra` verbatim only
// into a request of the same dialect, and never reads one dialect's fields
// by another's names.
enum class Dialect { openai, anthropic };

// One chat completion as the caller asked for it, in no wire format.
struct ChatRequest {
    std::string model;  // the gateway model name the caller sent
    std::vector<Message> messages;
    std::optional<double> temperature;
    std::optional<double> top_p;
    // Sample from the k likeliest tokens only (Anthropic, Gemini; OpenAI has
    // no such parameter).
    std::optional<std::int64_t> top_k;
    std::optional<MaxTokens> max_tokens;
    std::optional<std::int64_t> n;  // how many choices to generate
    std::vector<std::string> stop;
    std::vector<ToolDefinition> tools;
    std::optional<ToolChoice> tool_choice;
    // False: at most one tool call per answer.
    std::optional<bool> parallel_tool_calls;
    bool stream = false;
    // Send a final chunk with the usage of the whole stream.
    bool include_usage = false;
    RawJsonFields extra;
    Dialect dialect = Dialect::openai;  // of `extra` and `features`
    // The provider features the client turned on by name (Anthropic's
    // `anthropic-beta`), comma-separated: for a deployment of the dialect.
    std::string features;
};

// The first of `request`'s tools that only its provider's own API runs, if
// any.
inline const ToolDefinition* first_builtin_tool(const ChatRequest& request) noexcept {
    for (const auto& tool : request.tools) {
        if (!tool.builtin.empty()) return &tool;
    }
    return nullptr;
}

}  // namespace llmgw::domain
