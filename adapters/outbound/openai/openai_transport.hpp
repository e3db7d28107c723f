#pragma once

#include <string>
#include <utility>
#include <vector>

#include "adapters/outbound/common/stream_pump.hpp"
#include "domain/ports/llm_transport.hpp"
#include "infrastructure/http/endpoint.hpp"
#include "infrastructure/http/http_client.hpp"

namespace llmgw::adapters {

struct OpenAiTransportOptions {
    std::string provider;  // the provider's name, for messages
    infrastructure::Endpoint endpoint;
    std::string api_key;  // sent as a Bearer token when not empty
    std::vector<std::pair<std::string, std::string>> headers;
    infrastructure::HttpTimeouts timeouts;
    StreamLimits stream_limits;
    // Chat calls go to `POST {base_url}/responses` in the Responses API's
    // shape (responses_wire.hpp) instead of to /chat/completions
    // (`wire_api: responses`).
    bool responses_api = false;
};

// The OpenAI chat API and every server that speaks it (OpenRouter, Ollama,
// vLLM): `POST {base_url}/chat/completions`, plain or as SSE; or, with
// `responses_api`, OpenAI's Responses API.
class OpenAiTransport final : public domain::LlmTransport {
public:
    OpenAiTransport(infrastructure::HttpClient& client, OpenAiTransportOptions options);

    boost::asio::awaitable<domain::Result<domain::ChatResponse>> complete(const domain::ChatRequest& request,
                                                                          const domain::Attempt& attempt) override;
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream(const domain::ChatRequest& request,
                                                                         const domain::Attempt& attempt,
                                                                         domain::ChunkSink& sink) override;
    // `POST {base_url}/embeddings`.
    boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>> embed(const domain::EmbeddingRequest& request,
                                                                            const domain::Attempt& attempt) override;
    // `POST {base_url}/completions`.
    boost::asio::awaitable<domain::Result<domain::TextCompletionResponse>> complete_text(
        const domain::TextCompletionRequest& request, const domain::Attempt& attempt) override;
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream_text(const domain::TextCompletionRequest& request,
                                                                              const domain::Attempt& attempt,
                                                                              domain::ChunkSink& sink) override;

private:
    infrastructure::HttpRequest make_request(const std::string& target, std::string body, bool stream,
                                             const domain::Attempt& attempt) const;
    // Sends a streaming request and relays its SSE chunks, chat or text, to `sink`.
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> relay(infrastructure::HttpRequest request,
                                                                        domain::ChunkSink& sink);

    infrastructure::HttpClient& client_;
    OpenAiTransportOptions options_;
    std::string chat_target_;
    std::string responses_target_;
    std::string embeddings_target_;
    std::string completions_target_;
};

}  // namespace llmgw::adapters
