#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/chat_response.hpp"
#include "domain/raw_json.hpp"
#include "domain/usage.hpp"

namespace llmgw::domain {

// A legacy text completion (`/v1/completions`). Only OpenAI-compatible
// upstreams have it, so beyond what policy needs the request stays raw JSON.
struct TextCompletionRequest {
    std::string model;   // the gateway model name the caller sent
    std::string prompt;  // the `prompt` field as JSON text (string, strings or tokens)
    std::optional<std::int64_t> max_tokens;
    std::optional<std::int64_t> n;  // how many choices to generate
    bool stream = false;
    bool include_usage = false;
    RawJsonFields extra;
};

struct TextChoice {
    int index = 0;
    std::string text;
    std::optional<FinishReason> finish_reason;
    RawJsonFields extra;  // e.g. logprobs
};

struct TextCompletionResponse {
    std::string id;
    std::int64_t created = 0;
    std::string model;  // by its gateway name, as ChatResponse::model
    std::vector<TextChoice> choices;
    Usage usage;
};

}  // namespace llmgw::domain
