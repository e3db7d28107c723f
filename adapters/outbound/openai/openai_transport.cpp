#include "adapters/outbound/openai/openai_transport.hpp"

#include <boost/json/parse.hpp>

#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/openai_format/chat_response_json.hpp"
#include "adapters/openai_format/embedding_json.hpp"
#include "adapters/openai_format/stream_chunk_json.hpp"
#include "adapters/openai_format/text_completion_json.hpp"
#include "adapters/outbound/common/upstream_exchange.hpp"

namespace llmgw::adapters {
namespace http = boost::beast::http;
namespace json = boost::json;
using boost::asio::awaitable;

OpenAiTransport::OpenAiTransport(infrastructure::HttpClient& client, OpenAiTransportOptions options)
    : client_(client),
      options_(std::move(options)),
      chat_target_(options_.endpoint.base_path + "/chat/completions"),
      embeddings_target_(options_.endpoint.base_path + "/embeddings"),
      completions_target_(options_.endpoint.base_path + "/completions") {}

infrastructure::HttpRequest OpenAiTransport::make_request(const std::string& target, std::string body, bool stream) const {
    infrastructure::HttpRequest upstream{http::verb::post, target, 11};
    upstream.set(http::field::content_type, "application/json");
    upstream.set(http::field::accept, stream ? "text/event-stream" : "application/json");
    upstream.set(http::field::user_agent, "llm-gateway");
    if (!options_.api_key.empty()) upstream.set(http::field::authorization, "Bearer " + options_.api_key);
    for (const auto& [name, value] : options_.headers) upstream.set(name, value);
    upstream.body() = std::move(body);
    return upstream;
}

awaitable<domain::Result<domain::ChatResponse>> OpenAiTransport::complete(const domain::ChatRequest& request,
                                                                         std::string_view upstream_model) {
    BOOST_OUTCOME_CO_TRY(auto body, co_await post_json(client_, options_.endpoint, options_.provider,
                                                       make_request(chat_target_, write_chat_request(request, upstream_model, false), false),
                                                       options_.timeouts));
    co_return parse_chat_response(body.get_object());
}

awaitable<domain::Result<domain::StreamSummary>> OpenAiTransport::stream(const domain::ChatRequest& request,
                                                                        std::string_view upstream_model,
                                                                        domain::ChunkSink& sink) {
    co_return co_await relay(make_request(chat_target_, write_chat_request(request, upstream_model, true), true), sink);
}

awaitable<domain::Result<domain::StreamSummary>> OpenAiTransport::relay(infrastructure::HttpRequest request,
                                                                       domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(auto response, co_await client_.open(options_.endpoint, std::move(request), options_.timeouts));
    if (response.status() != 200) co_return co_await error_from_response(options_.provider, response);

    domain::StreamSummary summary;
    SseEventReader events(response);
    bool finished = false;
    for (;;) {
        BOOST_OUTCOME_CO_TRY(auto event, co_await events.next());
        if (!event) break;
        if (event->data == "[DONE]") {
            co_await response.discard_rest(end_of_body_wait);
            co_return summary;
        }
        boost::system::error_code parse_error;
        auto payload = json::parse(event->data, parse_error);
        if (parse_error || !payload.is_object()) co_return malformed_upstream(options_.provider, "an event is not JSON");
        BOOST_OUTCOME_CO_TRY(auto parsed, parse_upstream_chunk(payload.get_object()));
        if (summary.id.empty()) summary.id = std::move(parsed.id);
        if (summary.model.empty()) summary.model = std::move(parsed.model);
        if (parsed.usage) {
            summary.usage = *parsed.usage;
            summary.usage_reported = true;
        }
        for (const auto& chunk : parsed.chunks) {
            if (chunk.finish_reason) finished = true;
            BOOST_OUTCOME_CO_TRY(co_await sink.on_chunk(chunk));
        }
    }
    // Some compatible servers end the body without `[DONE]`; that is fine
    // once the answer is finished, and a cut-off stream otherwise.
    if (!finished) co_return cut_off_stream(options_.provider);
    co_return summary;
}

awaitable<domain::Result<domain::EmbeddingResponse>> OpenAiTransport::embed(const domain::EmbeddingRequest& request,
                                                                            std::string_view upstream_model) {
    BOOST_OUTCOME_CO_TRY(auto body, co_await post_json(client_, options_.endpoint, options_.provider,
                                                       make_request(embeddings_target_,
                                                                    write_upstream_embedding_request(request, upstream_model), false),
                                                       options_.timeouts));
    co_return parse_upstream_embedding_response(body.get_object());
}

awaitable<domain::Result<domain::TextCompletionResponse>> OpenAiTransport::complete_text(
    const domain::TextCompletionRequest& request, std::string_view upstream_model) {
    BOOST_OUTCOME_CO_TRY(auto body, co_await post_json(client_, options_.endpoint, options_.provider,
                                                       make_request(completions_target_,
                                                                    write_upstream_text_completion_request(request, upstream_model, false),
                                                                    false),
                                                       options_.timeouts));
    co_return parse_text_completion_response(body.get_object());
}

awaitable<domain::Result<domain::StreamSummary>> OpenAiTransport::stream_text(const domain::TextCompletionRequest& request,
                                                                             std::string_view upstream_model,
                                                                             domain::ChunkSink& sink) {
    co_return co_await relay(
        make_request(completions_target_, write_upstream_text_completion_request(request, upstream_model, true), true),
        sink);
}

}  // namespace llmgw::adapters
