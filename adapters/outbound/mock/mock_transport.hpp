#pragma once

#include "adapters/outbound/common/without_text_completions.hpp"
#include "domain/ports/llm_transport.hpp"

namespace llmgw::adapters {

// The built-in provider `mock`: answers with the last user message, word for
// word, without any network (and refuses OpenAI's built-in tools, as every
// provider but the Responses API does). Deterministic, so that examples and tests can
// rely on its output. A token is a whitespace-separated word.
class MockTransport final : public WithoutTextCompletions {
public:
    boost::asio::awaitable<domain::Result<domain::ChatResponse>> complete(const domain::ChatRequest& request,
                                                                          const domain::Attempt& attempt) override;
    // Streams the answer one word per chunk (each word with the whitespace
    // before it, so the chunks join back into the exact text).
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream(const domain::ChatRequest& request,
                                                                         const domain::Attempt& attempt,
                                                                         domain::ChunkSink& sink) override;
    // A deterministic unit vector per text (`dimensions` long, 8 by
    // default): the same text always gets the same vector.
    boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>> embed(const domain::EmbeddingRequest& request,
                                                                            const domain::Attempt& attempt) override;
};

}  // namespace llmgw::adapters
