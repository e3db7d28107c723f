#pragma once

#include <string>
#include <utility>
#include <vector>

#include "adapters/outbound/common/stream_pump.hpp"
#include "adapters/outbound/common/without_text_completions.hpp"
#include "domain/ports/llm_transport.hpp"
#include "infrastructure/http/endpoint.hpp"
#include "infrastructure/http/http_client.hpp"

namespace llmgw::adapters {

struct GeminiTransportOptions {
    std::string provider;  // the provider's name, for messages
    infrastructure::Endpoint endpoint;  // e.g. https://generativelanguage.googleapis.com/v1beta
    std::string api_key;   // sent as x-goog-api-key
    std::vector<std::pair<std::string, std::string>> headers;
    infrastructure::HttpTimeouts timeouts;
    StreamLimits stream_limits;
};

// Google's Gemini API: `{base_url}/models/{model}:generateContent` and
// `:streamGenerateContent?alt=sse`, translated to and from the
// OpenAI-shaped domain.
class GeminiTransport final : public WithoutTextCompletions {
public:
    GeminiTransport(infrastructure::HttpClient& client, GeminiTransportOptions options);

    boost::asio::awaitable<domain::Result<domain::ChatResponse>> complete(const domain::ChatRequest& request,
                                                                          const domain::Attempt& attempt) override;
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream(const domain::ChatRequest& request,
                                                                         const domain::Attempt& attempt,
                                                                         domain::ChunkSink& sink) override;
    // `{base_url}/models/{model}:batchEmbedContents`; text inputs only.
    boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>> embed(const domain::EmbeddingRequest& request,
                                                                            const domain::Attempt& attempt) override;
    // `{base_url}/models/{model}:countTokens`, of the whole generateContent
    // request (system instruction and tools included).
    boost::asio::awaitable<domain::Result<std::optional<std::int64_t>>> count_tokens(
        const domain::ChatRequest& request, const domain::Attempt& attempt) override;

private:
    infrastructure::HttpRequest make_request(const domain::Attempt& attempt, std::string_view method,
                                             std::string body, bool stream) const;

    infrastructure::HttpClient& client_;
    GeminiTransportOptions options_;
};

}  // namespace llmgw::adapters
