#include "adapters/inbound/http/responses_api.hpp"

#include "adapters/common/identifiers.hpp"
#include "adapters/inbound/http/answer_status.hpp"
#include "adapters/inbound/http/attribution.hpp"
#include "adapters/inbound/http/captured_content.hpp"
#include "adapters/inbound/http/named_event_sink.hpp"
#include "adapters/openai_format/responses_json.hpp"
#include "adapters/openai_format/responses_request_json.hpp"

namespace llmgw::adapters {
namespace http = boost::beast::http;
using boost::asio::awaitable;

awaitable<void> ResponsesApi::handle(const Request& request, Exchange& exchange) {
    // GCC 12 mishandles temporaries in co_await expressions: every value
    // here is named before it is awaited with.
    if (request.method() != http::verb::post) {
        const auto refusal = method_not_allowed(request.method_string(), request.target());
        co_return co_await exchange.reply_error(refusal);
    }
    auto context = contexts_(request, exchange);
    if (!context) {
        if (context.error().code == domain::ErrorCode::unauthorized) exchange.set_header("www-authenticate", "Bearer");
        const auto refusal = to_openai_error(context.error());
        co_return co_await exchange.reply_error(refusal);
    }
    auto body = parse_json_body(request.body());
    if (!body || !body->is_object()) {
        const auto refusal = body_not_json();
        co_return co_await exchange.reply_error(refusal);
    }
    attribute_from_body(body->get_object(), context.value().caller);
    auto parsed = parse_responses_request(body->get_object());
    if (!parsed) {
        const auto refusal = to_openai_error(parsed.error());
        co_return co_await exchange.reply_error(refusal);
    }
    auto chat = std::move(parsed).value();
    ResponseShell shell{random_id("resp_", 48), unix_seconds(clock_), chat.model, responses_echo_of(body->get_object())};
    auto record = use_cases_.metering.open(context.value(), domain::Operation::chat, chat.model, chat.stream);
    AnswerStatus status;
    status.attach(context.value());
    auto* captured = exchange.recording() && exchange.recording()->capture_content ? &exchange.recording()->content : nullptr;
    if (captured) captured->input = chat.messages;

    if (!chat.stream) {
        auto answer = co_await unless_client_leaves(use_cases_.complete_chat(context.value(), std::move(chat)), exchange);
        if (!answer) co_return;  // nobody is left to answer; the record says so
        tell_answer_status(exchange, status);
        if (!*answer) co_return co_await reply_failure(exchange, record, answer->error());
        record.answered(200);
        const auto& response = answer->value();
        exchange.set_header(served_by_header, response.model);
        shell.model = response.model;
        if (captured) capture_answer(*captured, response);
        const auto* first = response.choices.empty() ? nullptr : &response.choices.front();
        auto written = write_response(shell, output_items_of(response), first ? first->finish_reason : std::nullopt,
                                      response.usage);
        co_return co_await exchange.reply(http::status::ok, std::move(written));
    }

    ResponsesEventWriter writer(std::move(shell));
    NamedEventSink<ResponsesEventWriter> sink(exchange, writer, status);
    auto streamed =
        co_await unless_client_leaves(use_cases_.stream_chat(context.value(), std::move(chat), sink), exchange);
    switch (record_stream_end(record, streamed, exchange)) {
    case StreamEnd::client_left: co_return;
    case StreamEnd::failed: {
        tell_answer_status(exchange, status);
        const auto failure = to_openai_error(streamed->error());
        co_return co_await exchange.reply_error(failure);
    }
    case StreamEnd::failed_midway: {
        const auto failure = to_openai_error(streamed->error());
        writer.fail(failure.code.empty() ? failure.type : failure.code, exchange.scrub(failure.message), sink.pending());
        co_await sink.send();
        co_return co_await exchange.end_events();
    }
    case StreamEnd::answered: break;
    }
    co_await sink.finish(streamed->value().usage);
}

}  // namespace llmgw::adapters
