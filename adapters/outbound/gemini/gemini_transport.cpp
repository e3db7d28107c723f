#include "adapters/outbound/gemini/gemini_transport.hpp"

#include <boost/json/parse.hpp>

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/outbound/common/stream_pump.hpp"
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

infrastructure::HttpRequest GeminiTransport::make_request(const domain::Attempt& attempt, std::string_view method,
                                                          std::string body, bool stream) const {
    auto upstream_model = attempt.upstream_model;
    if (upstream_model.starts_with("models/")) upstream_model.remove_prefix(7);
    const auto target = options_.endpoint.base_path + "/models/" + std::string(upstream_model) + ":" + std::string(method);
    infrastructure::HttpRequest upstream{http::verb::post, target, 11};
    upstream.set(http::field::content_type, "application/json");
    upstream.set(http::field::accept, stream ? "text/event-stream" : "application/json");
    upstream.set(http::field::user_agent, "llm-gateway");
    if (!options_.api_key.empty()) upstream.set("x-goog-api-key", options_.api_key);
    for (const auto& [name, value] : options_.headers) upstream.set(name, value);
    set_trace_headers(upstream, attempt.trace);
    upstream.body() = std::move(body);
    return upstream;
}

namespace {

// Gemini sends no end marker: the stream is over when its body is, and
// whole once every candidate finished. An error arrives as an event.
class GeminiStreamTranslation final : public StreamTranslation {
public:
    explicit GeminiStreamTranslation(std::string_view provider) : provider_(provider) {}

    domain::Result<std::vector<domain::StreamChunk>> on_event(const SseEvent& event) override {
        BOOST_OUTCOME_TRY(auto payload, event_object(provider_, event));
        if (const auto* error = object_at(payload, "error")) {
            auto failure = domain::make_error(domain::ErrorCode::upstream_error,
                                              "The upstream provider `" + std::string(provider_) +
                                                  "` failed mid-stream: " +
                                                  optional_string_at(*error, "message").value_or("unknown error"));
            const auto code = integer_at(*error, "code");
            failure.transient = code > 0 && code < 1000 && transient_status(static_cast<unsigned>(code));
            return failure;
        }
        return translator_.on_chunk(payload);
    }
    bool done() const override { return false; }
    bool complete() const override { return translator_.finished(); }
    domain::StreamSummary summary() const override { return translator_.summary(); }

private:
    std::string_view provider_;
    GeminiStreamTranslator translator_;
};

}  // namespace

awaitable<domain::Result<domain::ChatResponse>> GeminiTransport::complete(const domain::ChatRequest& request,
                                                                         const domain::Attempt& attempt) {
    BOOST_OUTCOME_CO_TRY(auto body, write_gemini_request(request));
    BOOST_OUTCOME_CO_TRY(auto answer, co_await post_json(client_, options_.endpoint, options_.provider,
                                                         make_request(attempt, "generateContent", std::move(body), false),
                                                         options_.timeouts));
    co_return parse_gemini_response(answer.get_object());
}

awaitable<domain::Result<std::optional<std::int64_t>>> GeminiTransport::count_tokens(const domain::ChatRequest& request,
                                                                                     const domain::Attempt& attempt) {
    BOOST_OUTCOME_CO_TRY(auto body, write_gemini_request(request));
    // The request to count, with the model it is for: {"model": ..., <body's members>}.
    JsonWriter model;
    model.string("models/" + std::string(attempt.upstream_model));
    JsonWriter counted;
    counted.begin_object().key("generateContentRequest").raw("{\"model\":" + model.take() + "," + body.substr(1));
    counted.end_object();
    BOOST_OUTCOME_CO_TRY(auto answer, co_await post_json(client_, options_.endpoint, options_.provider,
                                                         make_request(attempt, "countTokens", counted.take(), false),
                                                         options_.timeouts));
    co_return std::optional<std::int64_t>(count_at(answer.get_object(), "totalTokens"));
}

awaitable<domain::Result<domain::StreamSummary>> GeminiTransport::stream(const domain::ChatRequest& request,
                                                                        const domain::Attempt& attempt,
                                                                        domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(auto body, write_gemini_request(request));
    BOOST_OUTCOME_CO_TRY(auto response,
                         co_await client_.open(options_.endpoint,
                                               make_request(attempt, "streamGenerateContent?alt=sse", std::move(body), true),
                                               options_.timeouts));
    if (response.status() != 200) co_return co_await error_from_response(options_.provider, response);

    GeminiStreamTranslation translation(options_.provider);
    co_return co_await pump_stream(response, options_.provider, options_.stream_limits, translation, sink);
}

awaitable<domain::Result<domain::EmbeddingResponse>> GeminiTransport::embed(const domain::EmbeddingRequest& request,
                                                                            const domain::Attempt& attempt) {
    BOOST_OUTCOME_CO_TRY(auto body, write_gemini_embedding_request(request, attempt.upstream_model));
    BOOST_OUTCOME_CO_TRY(auto answer, co_await post_json(client_, options_.endpoint, options_.provider,
                                                         make_request(attempt, "batchEmbedContents", std::move(body), false),
                                                         options_.timeouts));
    co_return parse_gemini_embedding_response(answer.get_object(), request);
}

}  // namespace llmgw::adapters
