#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/raw_json.hpp"
#include "domain/usage.hpp"

namespace llmgw::domain {

// Embed one or more inputs with a model.
struct EmbeddingRequest {
    std::string model;  // the gateway model name the caller sent
    // The inputs as text. Empty when the caller sent token arrays, which only
    // an OpenAI-compatible upstream understands: they travel in `raw_input`.
    std::vector<std::string> texts;
    std::string raw_input;  // the `input` field exactly as sent (JSON text)
    std::size_t input_count = 0;  // how many inputs (texts or token arrays) it holds
    std::optional<std::int64_t> dimensions;
    RawJsonFields extra;
};

struct EmbeddingResponse {
    std::vector<std::vector<float>> embeddings;  // in input order
    std::string model;                           // by its gateway name, as ChatResponse::model
    Usage usage;                                 // prompt_tokens only
    bool usage_reported = true;                  // false: estimated from the input
};

}  // namespace llmgw::domain
