#include "adapters/outbound/openai/openai_transport.hpp"

#include <boost/json/parse.hpp>

#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/openai_format/chat_response_json.hpp"
#include "adapters/openai_format/embedding_json.hpp"
#include "adapters/openai_format/stream_chunk_json.hpp"
#include "adapters/openai_format/text_completion_json.hpp"
#include "adapters/outbound/common/builtin_tools.hpp"
#include "adapters/outbound/common/stream_pump.hpp"
#include "adapters/outbound/common/upstream_exchange.hpp"
#include "adapters/outbound/openai/responses_wire.hpp"

namespace llmgw::adapters {
namespace http = boost::beast::http;
namespace json = boost::json;
using boost::asio::awaitable;

OpenAiTransport::OpenAiTransport(infrastructure::HttpClient& client, OpenAiTransportOptions options)
    : client_(client),
      options_(std::move(options)),
      chat_target_(options_.endpoint.base_path + "/chat/completions"),
      responses_target_(options_.endpoint.base_path + "/responses"),
      embeddings_target_(options_.endpoint.base_path + "/embeddings"),
      completions_target_(options_.endpoint.base_path + "/completions") {}

infrastructure::HttpRequest OpenAiTransport::make_request(const std::string& target, std::string body, bool stream,
                                                          const domain::Attempt& attempt) const {
    infrastructure::HttpRequest upstream{http::verb::post, target, 11};
    upstream.set(http::field::content_type, "application/json");
    upstream.set(http::field::accept, stream ? "text/event-stream" : "application/json");
    upstream.set(http::field::user_agent, "llm-gateway");
    if (!options_.api_key.empty()) upstream.set(http::field::authorization, "Bearer " + options_.api_key);
    for (const auto& [name, value] : options_.headers) upstream.set(name, value);
    set_trace_headers(upstream, attempt.trace);
    upstream.body() = std::move(body);
    return upstream;
}

awaitable<domain::Result<domain::ChatResponse>> OpenAiTransport::complete(const domain::ChatRequest& request,
                                                                         const domain::Attempt& attempt) {
    if (options_.responses_api) {
        BOOST_OUTCOME_CO_TRY(auto written, write_responses_upstream_request(request, attempt.upstream_model, false));
        BOOST_OUTCOME_CO_TRY(auto answer, co_await post_json(client_, options_.endpoint, options_.provider,
                                                             make_request(responses_target_, std::move(written), false, attempt),
                                                             options_.timeouts));
        co_return parse_responses_upstream_response(answer.get_object());
    }
    BOOST_OUTCOME_CO_TRYV(refuse_builtin_tools(request));
    BOOST_OUTCOME_CO_TRY(auto body, co_await post_json(client_, options_.endpoint, options_.provider,
                                                       make_request(chat_target_, write_chat_request(request, attempt.upstream_model, false), false, attempt),
                                                       options_.timeouts));
    co_return parse_chat_response(body.get_object());
}

awaitable<domain::Result<domain::StreamSummary>> OpenAiTransport::stream(const domain::ChatRequest& request,
                                                                        const domain::Attempt& attempt,
                                                                        domain::ChunkSink& sink) {
    if (options_.responses_api) {
        BOOST_OUTCOME_CO_TRY(auto written, write_responses_upstream_request(request, attempt.upstream_model, true));
        auto upstream = make_request(responses_target_, std::move(written), true, attempt);
        BOOST_OUTCOME_CO_TRY(auto response, co_await client_.open(options_.endpoint, std::move(upstream), options_.timeouts));
        if (response.status() != 200) co_return co_await error_from_response(options_.provider, response);
        ResponsesStreamTranslation translation(options_.provider);
        co_return co_await pump_stream(response, options_.provider, options_.stream_limits, translation, sink);
    }
    BOOST_OUTCOME_CO_TRYV(refuse_builtin_tools(request));
    co_return co_await relay(make_request(chat_target_, write_chat_request(request, attempt.upstream_model, true), true, attempt), sink);
}

namespace {

// OpenAI's stream: chunks until `data: [DONE]`. Some compatible servers end
// the body without `[DONE]`; that is fine once a choice has finished.
class OpenAiStreamTranslation final : public StreamTranslation {
public:
    explicit OpenAiStreamTranslation(std::string_view provider) : provider_(provider) {}

    domain::Result<std::vector<domain::StreamChunk>> on_event(const SseEvent& event) override {
        if (event.data == "[DONE]") {
            done_ = true;
            return std::vector<domain::StreamChunk>{};
        }
        BOOST_OUTCOME_TRY(auto payload, event_object(provider_, event));
        BOOST_OUTCOME_TRY(auto parsed, parse_upstream_chunk(payload));
        if (summary_.id.empty()) summary_.id = std::move(parsed.id);
        if (summary_.model.empty()) summary_.model = std::move(parsed.model);
        if (parsed.usage) {
            summary_.usage = *parsed.usage;
            summary_.usage_reported = true;
        }
        for (const auto& chunk : parsed.chunks) finished_ = finished_ || chunk.finish_reason.has_value();
        return std::move(parsed.chunks);
    }
    bool done() const override { return done_; }
    bool complete() const override { return done_ || finished_; }
    domain::StreamSummary summary() const override { return summary_; }

private:
    std::string_view provider_;
    domain::StreamSummary summary_;
    bool done_ = false;
    bool finished_ = false;
};

}  // namespace

awaitable<domain::Result<domain::StreamSummary>> OpenAiTransport::relay(infrastructure::HttpRequest request,
                                                                       domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(auto response, co_await client_.open(options_.endpoint, std::move(request), options_.timeouts));
    if (response.status() != 200) co_return co_await error_from_response(options_.provider, response);
    OpenAiStreamTranslation translation(options_.provider);
    co_return co_await pump_stream(response, options_.provider, options_.stream_limits, translation, sink);
}

awaitable<domain::Result<domain::EmbeddingResponse>> OpenAiTransport::embed(const domain::EmbeddingRequest& request,
                                                                            const domain::Attempt& attempt) {
    BOOST_OUTCOME_CO_TRY(auto body, co_await post_json(client_, options_.endpoint, options_.provider,
                                                       make_request(embeddings_target_,
                                                                    write_upstream_embedding_request(request, attempt.upstream_model), false,
                                                                    attempt),
                                                       options_.timeouts));
    co_return parse_upstream_embedding_response(body.get_object());
}

awaitable<domain::Result<domain::TextCompletionResponse>> OpenAiTransport::complete_text(
    const domain::TextCompletionRequest& request, const domain::Attempt& attempt) {
    BOOST_OUTCOME_CO_TRY(auto body, co_await post_json(client_, options_.endpoint, options_.provider,
                                                       make_request(completions_target_,
                                                                    write_upstream_text_completion_request(request, attempt.upstream_model, false),
                                                                    false, attempt),
                                                       options_.timeouts));
    co_return parse_text_completion_response(body.get_object());
}

awaitable<domain::Result<domain::StreamSummary>> OpenAiTransport::stream_text(const domain::TextCompletionRequest& request,
                                                                             const domain::Attempt& attempt,
                                                                             domain::ChunkSink& sink) {
    co_return co_await relay(
        make_request(completions_target_, write_upstream_text_completion_request(request, attempt.upstream_model, true), true,
                     attempt),
        sink);
}

}  // namespace llmgw::adapters
