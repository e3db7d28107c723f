#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "adapters/outbound/anthropic/anthropic_request.hpp"
#include "adapters/outbound/common/stream_pump.hpp"
#include "adapters/outbound/common/without_text_completions.hpp"
#include "domain/ports/llm_transport.hpp"
#include "infrastructure/http/endpoint.hpp"
#include "infrastructure/http/http_client.hpp"

namespace llmgw::adapters {

struct AnthropicTransportOptions {
    std::string provider;  // the provider's name, for messages
    infrastructure::Endpoint endpoint;
    std::string api_key;  // sent as x-api-key
    std::string anthropic_version = "2023-06-01";
    std::vector<std::pair<std::string, std::string>> headers;
    infrastructure::HttpTimeouts timeouts;
    StreamLimits stream_limits;
    // Per upstream model: the max_tokens of a request that sets none, and
    // how it thinks; a model not listed gets the defaults.
    std::unordered_map<std::string, AnthropicModelOptions> models;
    std::int64_t max_tokens_default = 4096;
};

// Anthropic's Messages API (`POST {base_url}/v1/messages`), translated to and
// from the OpenAI-shaped domain, streamed or not.
class AnthropicTransport final : public WithoutTextCompletions {
public:
    AnthropicTransport(infrastructure::HttpClient& client, AnthropicTransportOptions options);

    boost::asio::awaitable<domain::Result<domain::ChatResponse>> complete(const domain::ChatRequest& request,
                                                                          const domain::Attempt& attempt) override;
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream(const domain::ChatRequest& request,
                                                                         const domain::Attempt& attempt,
                                                                         domain::ChunkSink& sink) override;
    // Anthropic has no embeddings API: always invalid_request.
    boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>> embed(const domain::EmbeddingRequest& request,
                                                                            const domain::Attempt& attempt) override;
    // `POST {base_url}/v1/messages/count_tokens`, with the members of the
    // Messages request that endpoint takes.
    boost::asio::awaitable<domain::Result<std::optional<std::int64_t>>> count_tokens(
        const domain::ChatRequest& request, const domain::Attempt& attempt) override;

private:
    domain::Result<infrastructure::HttpRequest> make_request(const domain::ChatRequest& request,
                                                             const domain::Attempt& attempt, bool stream) const;

    infrastructure::HttpClient& client_;
    AnthropicTransportOptions options_;
    std::string target_;
    std::string count_target_;
};

}  // namespace llmgw::adapters
