#include "adapters/outbound/gemini/gemini_transport.hpp"

#include <boost/json/parse.hpp>

#include "adapters/outbound/common/upstream_error.hpp"
#include "adapters/outbound/common/upstream_exchange.hpp"
#include "adapters/outbound/gemini/gemini_embedding.hpp"
#include "adapters/outbound/gemini/gemini_request.hpp"
#include "adapters/outbound/gemini/gemini_response.hpp"

namespace llmgw::adapters {
namespace http = boost::beast::http;
namespace json = boost::json;
using boost::asio::awaitable;

GeminiTransport::GeminiTransport(infrastructure::HttpClient& client, GeminiTransportOptions options)
    : client_(client), options_(std::move(options)) {}

infrastructure::HttpRequest GeminiTransport::make_request(std::string_view upstream_model, std::string_view method,
                                                          std::string body, bool stream) const {
    if (upstream_model.starts_with("models/")) upstream_model.remove_prefix(7);
    const auto target = options_.endpoint.base_path + "/models/" + std::string(upstream_model) + ":" + std::string(method);
    infrastructure::HttpRequest upstream{http::verb::post, target, 11};
    upstream.set(http::field::content_type, "application/json");
    upstream.set(http::field::accept, stream ? "text/event-stream" : "application/json");
    upstream.set(http::field::user_agent, "llm-gateway");
    if (!options_.api_key.empty()) upstream.set("x-goog-api-key", options_.api_key);
    for (const auto& [name, value] : options_.headers) upstream.set(name, value);
    upstream.body() = std::move(body);
    return upstream;
}

awaitable<domain::Result<domain::ChatResponse>> GeminiTransport::complete(const domain::ChatRequest& request,
                                                                         std::string_view upstream_model) {
    BOOST_OUTCOME_CO_TRY(auto body, write_gemini_request(request));
    BOOST_OUTCOME_CO_TRY(auto answer, co_await post_json(client_, options_.endpoint, options_.provider,
                                                         make_request(upstream_model, "generateContent", std::move(body), false),
                                                         options_.timeouts));
    co_return parse_gemini_response(answer.get_object());
}

awaitable<domain::Result<domain::StreamSummary>> GeminiTransport::stream(const domain::ChatRequest& request,
                                                                        std::string_view upstream_model,
                                                                        domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(auto body, write_gemini_request(request));
    BOOST_OUTCOME_CO_TRY(auto response,
                         co_await client_.open(options_.endpoint,
                                               make_request(upstream_model, "streamGenerateContent?alt=sse", std::move(body), true),
                                               options_.timeouts));
    if (response.status() != 200) co_return co_await error_from_response(options_.provider, response);

    GeminiStreamTranslator translator;
    SseEventReader events(response);
    // Gemini sends no end marker: the stream is over when its body is.
    for (;;) {
        BOOST_OUTCOME_CO_TRY(auto event, co_await events.next());
        if (!event) break;
        boost::system::error_code parse_error;
        auto payload = json::parse(event->data, parse_error);
        if (parse_error || !payload.is_object()) co_return malformed_upstream(options_.provider, "an event is not JSON");
        if (const auto* error = payload.get_object().if_contains("error"); error && error->is_object()) {
            const auto* message = error->get_object().if_contains("message");
            auto failure = domain::make_error(domain::ErrorCode::upstream_error,
                                              "The upstream provider `" + options_.provider + "` failed mid-stream: " +
                                                  (message && message->is_string() ? std::string(message->get_string())
                                                                                   : std::string("unknown error")));
            const auto* status = error->get_object().if_contains("code");
            failure.transient = status && status->is_int64() && transient_status(status->to_number<unsigned>());
            co_return failure;
        }
        BOOST_OUTCOME_CO_TRY(auto chunks, translator.on_chunk(payload.get_object()));
        for (const auto& chunk : chunks) {
            BOOST_OUTCOME_CO_TRY(co_await sink.on_chunk(chunk));
        }
    }
    if (!translator.finished()) {
        co_return cut_off_stream(options_.provider);
    }
    co_return translator.summary();
}

awaitable<domain::Result<domain::EmbeddingResponse>> GeminiTransport::embed(const domain::EmbeddingRequest& request,
                                                                            std::string_view upstream_model) {
    BOOST_OUTCOME_CO_TRY(auto body, write_gemini_embedding_request(request, upstream_model));
    BOOST_OUTCOME_CO_TRY(auto answer, co_await post_json(client_, options_.endpoint, options_.provider,
                                                         make_request(upstream_model, "batchEmbedContents", std::move(body), false),
                                                         options_.timeouts));
    co_return parse_gemini_embedding_response(answer.get_object(), request);
}

}  // namespace llmgw::adapters
