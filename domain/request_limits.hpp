#pragma once

#include <cstddef>
#include <cstdint>

#include "domain/chat_request.hpp"
#include "domain/embedding.hpp"
#include "domain/error.hpp"
#include "domain/text_completion.hpp"

namespace llmgw::domain {

// The most a client may ask for in one request. Every size a client controls
// has a bound here, so that no request can make the gateway (or the mock
// provider) allocate or compute without limit; what the body size already
// bounds (text length) is not repeated. Defaults follow OpenAI's own limits
// where it has them. Configurable under `limits:`.
struct RequestLimits {
    std::size_t max_messages = 2048;
    std::size_t max_tools = 128;
    std::size_t max_stop_sequences = 16;
    std::int64_t max_choices = 128;  // `n`
    std::int64_t max_output_tokens = 1'000'000;
    std::size_t max_embedding_inputs = 2048;
    std::int64_t max_embedding_dimensions = 8192;
};

// invalid_request naming the field that is over its limit, or success.
Result<void> check_limits(const ChatRequest& request, const RequestLimits& limits);
Result<void> check_limits(const EmbeddingRequest& request, const RequestLimits& limits);
Result<void> check_limits(const TextCompletionRequest& request, const RequestLimits& limits);

}  // namespace llmgw::domain
