#include "adapters/inbound/http/anthropic_messages_api.hpp"

#include <algorithm>
#include <vector>

#include "adapters/anthropic_format/messages_events.hpp"
#include "adapters/anthropic_format/messages_request_json.hpp"
#include "adapters/anthropic_format/messages_response_json.hpp"
#include "adapters/inbound/http/answer_status.hpp"
#include "adapters/inbound/http/attribution.hpp"
#include "adapters/inbound/http/captured_content.hpp"
#include "adapters/inbound/http/named_event_sink.hpp"
#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::awaitable;

namespace {

// Answers with `error` in Anthropic's shape.
awaitable<void> reply_error(Exchange& exchange, const domain::Error& error) {
    const auto status = to_openai_error(error).status;
    if (error.retry_after) exchange.set_header("retry-after", std::to_string(error.retry_after->count()));
    // Anthropic's clients retry a 429 unless told not to: a spent budget
    // stays spent.
    if (error.code == domain::ErrorCode::budget_exceeded) exchange.set_header("x-should-retry", "false");
    auto body = write_anthropic_error(static_cast<unsigned>(status), exchange.scrub(error.message), exchange.request_id());
    co_await exchange.reply(status, std::move(body));
}

awaitable<void> reply_invalid(Exchange& exchange, std::string message) {
    const auto error = domain::make_error(domain::ErrorCode::invalid_request, std::move(message));
    co_await reply_error(exchange, error);
}

// The size of a request's header is bounded by the server; its betas
// are a list of short names.
constexpr std::size_t max_beta_bytes = 1024;

// The client's `anthropic-beta` headers as one comma-separated list, for
// an Anthropic deployment; none when they are not a printable list.
std::string beta_features_of(const HttpApi::Request& request) {
    std::string features;
    const auto [first, last] = request.equal_range("anthropic-beta");
    for (auto field = first; field != last; ++field) {
        const auto value = field->value();
        if (value.empty()) continue;
        if (!features.empty()) features += ',';
        features.append(value.data(), value.size());
    }
    const bool printable = std::all_of(features.begin(), features.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
    return printable && features.size() <= max_beta_bytes ? features : std::string();
}

int status_of(const domain::Error& error) { return static_cast<int>(to_openai_error(error).status); }

}  // namespace

awaitable<void> AnthropicMessagesApi::handle(const Request& request, Exchange& exchange) {
    exchange.set_header("request-id", exchange.request_id());
    if (request.method() != http::verb::post) {
        const auto refusal = method_not_allowed(request.method_string(), request.target());
        auto body = write_anthropic_error(static_cast<unsigned>(refusal.status), refusal.message, exchange.request_id());
        co_return co_await exchange.reply(refusal.status, std::move(body));
    }
    auto context = contexts_(request, exchange);
    if (!context) co_return co_await reply_error(exchange, context.error());
    auto body = parse_json_body(request.body());
    if (!body || !body->is_object()) co_return co_await reply_invalid(exchange, "The request body is not a JSON object.");
    const bool counting = route_of(request.target()) == "/messages/count_tokens";
    auto parsed = parse_messages_request(body->get_object(), counting ? MaxTokensRule::optional : MaxTokensRule::required);
    if (!parsed) co_return co_await reply_error(exchange, parsed.error());
    if (counting) {
        auto chat = std::move(parsed).value();
        chat.features = beta_features_of(request);
        co_return co_await count(std::move(chat), context.value(), exchange);
    }
    attribute_from_messages_body(body->get_object(), context.value().caller);
    auto chat = std::move(parsed).value();
    chat.features = beta_features_of(request);
    co_await messages(std::move(chat), std::move(context).value(), exchange);
}

awaitable<void> AnthropicMessagesApi::count(domain::ChatRequest chat, const domain::RequestContext& context,
                                            Exchange& exchange) {
    auto counted = co_await unless_client_leaves(count_tokens_(context, std::move(chat)), exchange);
    if (!counted) co_return;
    if (!*counted) co_return co_await reply_error(exchange, counted->error());
    // Whether Anthropic (or Gemini) counted, or the gateway estimated.
    exchange.set_header("x-llmgw-token-count", counted->value().exact ? "exact" : "estimated");
    JsonWriter writer;
    writer.begin_object().key("input_tokens").number(counted->value().input_tokens).end_object();
    co_await exchange.reply(http::status::ok, writer.take());
}

awaitable<void> AnthropicMessagesApi::messages(domain::ChatRequest chat, domain::RequestContext context,
                                               Exchange& exchange) {
    auto record = use_cases_.metering.open(context, domain::Operation::chat, chat.model, chat.stream);
    auto* captured = exchange.recording() && exchange.recording()->capture_content ? &exchange.recording()->content : nullptr;
    if (captured) captured->input = chat.messages;
    if (chat.stream) co_return co_await stream(std::move(chat), std::move(context), record, exchange);

    AnswerStatus status;
    status.attach(context);
    auto answer = co_await unless_client_leaves(use_cases_.complete_chat(context, std::move(chat)), exchange);
    if (!answer) co_return;  // nobody is left to answer; the record says so
    tell_answer_status(exchange, status);
    if (!*answer) {
        record.failed(status_of(answer->error()), answer->error());
        co_return co_await reply_error(exchange, answer->error());
    }
    record.answered(200);
    const auto& response = answer->value();
    exchange.set_header(served_by_header, response.model);
    if (captured) capture_answer(*captured, response);
    auto message = write_message(response, {message_id_of(response.id), response.model});
    co_await exchange.reply(http::status::ok, std::move(message));
}

awaitable<void> AnthropicMessagesApi::stream(domain::ChatRequest chat, domain::RequestContext context,
                                             application::RequestRecord& record, Exchange& exchange) {
    AnswerStatus status;
    status.attach(context);
    const auto input_tokens = application::Metering::estimated_usage(chat).prompt_tokens;
    MessagesEventWriter writer({message_id_of({}), chat.model}, input_tokens);
    NamedEventSink<MessagesEventWriter> sink(exchange, writer, status);
    auto streamed = co_await unless_client_leaves(use_cases_.stream_chat(context, std::move(chat), sink), exchange);
    switch (record_stream_end(record, streamed, exchange)) {
    case StreamEnd::client_left: co_return;
    case StreamEnd::failed:
        tell_answer_status(exchange, status);
        co_return co_await reply_error(exchange, streamed->error());
    case StreamEnd::failed_midway: {
        // Too late for a status: the error is the last event, as Anthropic sends it.
        const auto& error = streamed->error();
        const auto event = write_anthropic_error(static_cast<unsigned>(status_of(error)), exchange.scrub(error.message),
                                                 exchange.request_id());
        co_await exchange.send_event("error", event);
        co_return co_await exchange.end_events();
    }
    case StreamEnd::answered: break;
    }
    co_await sink.finish(streamed->value().usage);
}

}  // namespace llmgw::adapters
