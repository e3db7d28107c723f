#include "adapters/outbound/anthropic/anthropic_transport.hpp"

#include <boost/json/parse.hpp>

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/outbound/anthropic/anthropic_request.hpp"
#include "adapters/outbound/anthropic/anthropic_response.hpp"
#include "adapters/outbound/anthropic/anthropic_stream.hpp"
#include "adapters/outbound/common/stream_pump.hpp"
#include "adapters/outbound/common/upstream_exchange.hpp"

namespace llmgw::adapters {
namespace http = boost::beast::http;
namespace json = boost::json;
using boost::asio::awaitable;

namespace {
constexpr std::string_view beta_header = "anthropic-beta";
}  // namespace

AnthropicTransport::AnthropicTransport(infrastructure::HttpClient& client, AnthropicTransportOptions options)
    : client_(client),
      options_(std::move(options)),
      target_(options_.endpoint.base_path + "/v1/messages"),
      count_target_(target_ + "/count_tokens") {}

domain::Result<infrastructure::HttpRequest> AnthropicTransport::make_request(const domain::ChatRequest& request,
                                                                             const domain::Attempt& attempt,
                                                                             bool stream) const {
    const auto configured = options_.models.find(std::string(attempt.upstream_model));
    const auto model = configured != options_.models.end()
                           ? configured->second
                           : AnthropicModelOptions{options_.max_tokens_default, default_thinking(attempt.upstream_model)};
    BOOST_OUTCOME_TRY(auto body, write_anthropic_request(request, attempt.upstream_model, model, stream));
    infrastructure::HttpRequest upstream{http::verb::post, target_, 11};
    upstream.set(http::field::content_type, "application/json");
    upstream.set(http::field::accept, stream ? "text/event-stream" : "application/json");
    upstream.set(http::field::user_agent, "llm-gateway");
    upstream.set("x-api-key", options_.api_key);
    upstream.set("anthropic-version", options_.anthropic_version);
    for (const auto& [name, value] : options_.headers) upstream.set(name, value);
    // The betas a client of Anthropic's own API asked for, beside the operator's.
    if (request.dialect == domain::Dialect::anthropic && !request.features.empty()) {
        const auto configured_betas = upstream[beta_header];
        upstream.set(beta_header, configured_betas.empty() ? request.features
                                                           : std::string(configured_betas) + "," + request.features);
    }
    set_trace_headers(upstream, attempt.trace);
    upstream.body() = std::move(body);
    return upstream;
}

namespace {

// Anthropic's stream ends with `message_stop`.
class AnthropicStreamTranslation final : public StreamTranslation {
public:
    AnthropicStreamTranslation(std::string_view provider, bool json_answer)
        : provider_(provider), translator_(json_answer) {}

    domain::Result<std::vector<domain::StreamChunk>> on_event(const SseEvent& event) override {
        BOOST_OUTCOME_TRY(auto payload, event_object(provider_, event));
        // The event name and `type` in the data agree; the data is what the SDKs read.
        const auto* type = payload.if_contains("type");
        const std::string_view name = type && type->is_string() ? std::string_view(type->get_string()) : event.event;
        return translator_.on_event(name, payload);
    }
    bool done() const override { return translator_.finished(); }
    bool complete() const override { return translator_.finished(); }
    domain::StreamSummary summary() const override { return translator_.summary(); }

private:
    std::string_view provider_;
    AnthropicStreamTranslator translator_;
};

}  // namespace

awaitable<domain::Result<domain::ChatResponse>> AnthropicTransport::complete(const domain::ChatRequest& request,
                                                                            const domain::Attempt& attempt) {
    BOOST_OUTCOME_CO_TRY(auto upstream, make_request(request, attempt, false));
    BOOST_OUTCOME_CO_TRY(auto body, co_await post_json(client_, options_.endpoint, options_.provider,
                                                       std::move(upstream), options_.timeouts));
    co_return parse_anthropic_response(body.get_object(), answers_as_json(request));
}

awaitable<domain::Result<domain::StreamSummary>> AnthropicTransport::stream(const domain::ChatRequest& request,
                                                                           const domain::Attempt& attempt,
                                                                           domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRY(auto upstream, make_request(request, attempt, true));
    BOOST_OUTCOME_CO_TRY(auto response, co_await client_.open(options_.endpoint, std::move(upstream), options_.timeouts));
    if (response.status() != 200) co_return co_await error_from_response(options_.provider, response);

    AnthropicStreamTranslation translation(options_.provider, answers_as_json(request));
    co_return co_await pump_stream(response, options_.provider, options_.stream_limits, translation, sink);
}

awaitable<domain::Result<std::optional<std::int64_t>>> AnthropicTransport::count_tokens(
    const domain::ChatRequest& request, const domain::Attempt& attempt) {
    BOOST_OUTCOME_CO_TRY(auto upstream, make_request(request, attempt, false));
    // The endpoint refuses the members that only shape a generation.
    std::error_code failed;
    auto written = json::parse(upstream.body(), failed);
    if (failed || !written.is_object()) co_return domain::make_error(domain::ErrorCode::internal, "The count request could not be made.");
    json::object counted;
    for (const auto* field : {"model", "messages", "system", "tools", "tool_choice", "thinking", "mcp_servers", "output_config"}) {
        if (const auto* value = written.get_object().if_contains(field)) counted[field] = *value;
    }
    upstream.target(count_target_);
    upstream.body() = json_text(counted);
    BOOST_OUTCOME_CO_TRY(auto answer, co_await post_json(client_, options_.endpoint, options_.provider,
                                                         std::move(upstream), options_.timeouts));
    co_return std::optional<std::int64_t>(count_at(answer.get_object(), "input_tokens"));
}

awaitable<domain::Result<domain::EmbeddingResponse>> AnthropicTransport::embed(const domain::EmbeddingRequest& request,
                                                                               const domain::Attempt&) {
    co_return domain::make_error(domain::ErrorCode::invalid_request,
                                 "The model `" + request.model + "` is served by Anthropic, which has no embeddings API.",
                                 "model");
}

}  // namespace llmgw::adapters
