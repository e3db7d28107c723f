#pragma once

#include <cstdint>
#include <optional>

#include <boost/asio/awaitable.hpp>

#include "domain/attempt.hpp"
#include "domain/chat_request.hpp"
#include "domain/chat_response.hpp"
#include "domain/embedding.hpp"
#include "domain/error.hpp"
#include "domain/ports/chunk_sink.hpp"
#include "domain/stream_chunk.hpp"
#include "domain/text_completion.hpp"

namespace llmgw::domain {

// One provider's chat API, in domain terms. An implementation translates and
// carries the request and nothing more: no retries, no caching, no pricing.
//
// Each call is one attempt (see Attempt): the deployment's model name, and
// the attempt's span, which the request upstream names in its
// `traceparent` header (with the caller's `tracestate`).
//
// Object lifetimes: `request`, `attempt` and `sink` are borrowed and must
// outlive the returned awaitable (they do when it is co_awaited at once).
//
// Cancellation: terminal cancellation of the awaiting coroutine aborts the
// call; the connection it used is closed, never reused. The result is then an
// error.
class LlmTransport {
public:
    virtual ~LlmTransport() = default;

    virtual boost::asio::awaitable<Result<ChatResponse>> complete(const ChatRequest& request,
                                                                  const Attempt& attempt) = 0;

    // Delivers the answer to `sink` chunk by chunk, ending with the chunk that
    // carries each choice's finish reason. Usage is not sent as a chunk: it is
    // in the summary returned at the end.
    virtual boost::asio::awaitable<Result<StreamSummary>> stream(const ChatRequest& request,
                                                                 const Attempt& attempt,
                                                                 ChunkSink& sink) = 0;

    // Embeddings in input order, as floats. A provider without an embeddings
    // API answers invalid_request.
    virtual boost::asio::awaitable<Result<EmbeddingResponse>> embed(const EmbeddingRequest& request,
                                                                    const Attempt& attempt) = 0;

    // Legacy text completions, whole or streamed (each chunk's `content` is a
    // piece of text). Only OpenAI-compatible providers have them; the others
    // answer invalid_request.
    virtual boost::asio::awaitable<Result<TextCompletionResponse>> complete_text(
        const TextCompletionRequest& request, const Attempt& attempt) = 0;
    virtual boost::asio::awaitable<Result<StreamSummary>> stream_text(const TextCompletionRequest& request,
                                                                      const Attempt& attempt,
                                                                      ChunkSink& sink) = 0;

    // How many input tokens `request` would take, as the provider counts
    // them, without generating anything; none from a provider that has no
    // way to count (the default).
    virtual boost::asio::awaitable<Result<std::optional<std::int64_t>>> count_tokens(const ChatRequest& request,
                                                                                     const Attempt& attempt) {
        (void)request;
        (void)attempt;
        co_return std::optional<std::int64_t>{};
    }
};

}  // namespace llmgw::domain
