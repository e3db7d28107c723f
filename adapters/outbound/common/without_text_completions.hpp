#pragma once

#include "domain/ports/llm_transport.hpp"

namespace llmgw::adapters {

// Base of the transports whose provider has no legacy completions API
// (everything but OpenAI-compatible servers): both calls answer
// invalid_request, pointing the caller to chat completions.
class WithoutTextCompletions : public domain::LlmTransport {
public:
    boost::asio::awaitable<domain::Result<domain::TextCompletionResponse>> complete_text(
        const domain::TextCompletionRequest& request, const domain::Attempt& attempt) final;
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream_text(const domain::TextCompletionRequest& request,
                                                                              const domain::Attempt& attempt,
                                                                              domain::ChunkSink& sink) final;
};

}  // namespace llmgw::adapters
