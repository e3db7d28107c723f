#include "adapters/inbound/http/responses_api.hpp"

#include "adapters/common/identifiers.hpp"
#include "adapters/inbound/http/answer_status.hpp"
#include "adapters/inbound/http/attribution.hpp"
#include "adapters/inbound/http/captured_content.hpp"
#include "adapters/inbound/http/named_event_sink.hpp"
#include "adapters/openai_format/request_fields.hpp"
#include "adapters/openai_format/response_conversation.hpp"
#include "adapters/openai_format/responses_json.hpp"
#include "adapters/openai_format/responses_request_json.hpp"

namespace llmgw::adapters {
namespace http = boost::beast::http;
namespace json = boost::json;
using boost::asio::awaitable;

namespace {

constexpr std::string_view responses_route = "/responses";
constexpr std::string_view input_items_suffix = "/input_items";

OpenAiError previous_response_not_found(std::string_view id) {
    return {http::status::bad_request, "invalid_request_error", "previous_response_not_found",
            "Previous response with id '" + std::string(id) + "' not found.", "previous_response_id", std::nullopt};
}

OpenAiError response_not_found(std::string_view id) {
    return {http::status::not_found, "invalid_request_error", {},
            "Response with id '" + std::string(id) + "' not found.", {}, std::nullopt};
}

// Whether the request asks for its response to be kept.
bool asks_to_store(const json::object& body) {
    const auto* store = given(body, "store");
    return store && store->is_bool() && store->get_bool();
}

awaitable<void> refuse_caller(Exchange& exchange, const domain::Error& error) {
    if (error.code == domain::ErrorCode::unauthorized) exchange.set_header("www-authenticate", "Bearer");
    const auto refusal = to_openai_error(error);
    co_await exchange.reply_error(refusal);
}

}  // namespace

awaitable<void> ResponsesApi::handle(const Request& request, Exchange& exchange) {
    const auto route = route_of(request.target());
    if (route.size() > responses_route.size()) {
        co_return co_await handle_stored(request, exchange, route.substr(responses_route.size() + 1));
    }
    // GCC 12 mishandles temporaries in co_await expressions: every value
    // here is named before it is awaited with.
    if (request.method() != http::verb::post) {
        const auto refusal = method_not_allowed(request.method_string(), request.target());
        co_return co_await exchange.reply_error(refusal);
    }
    auto context = contexts_(request, exchange);
    if (!context) co_return co_await refuse_caller(exchange, context.error());
    auto body = parse_json_body(request.body());
    if (!body || !body->is_object()) {
        const auto refusal = body_not_json();
        co_return co_await exchange.reply_error(refusal);
    }
    const auto& fields = body->get_object();
    attribute_from_body(fields, context.value().caller);

    // A request that continues a stored response is preceded by its
    // conversation.
    json::array history;
    if (const auto* previous = given(fields, "previous_response_id")) {
        if (!previous->is_string()) {
            const auto refusal = to_openai_error(domain::make_error(
                domain::ErrorCode::invalid_request, "`previous_response_id` must be a string.", "previous_response_id"));
            co_return co_await exchange.reply_error(refusal);
        }
        const std::string id(previous->get_string());
        auto found = co_await stored_.find(context.value(), id);
        if (!found || !found.value()) {
            const auto refusal = found ? previous_response_not_found(id) : to_openai_error(found.error());
            co_return co_await exchange.reply_error(refusal);
        }
        auto conversation = conversation_of(*found.value());
        if (!conversation) {
            const auto refusal = to_openai_error(conversation.error());
            co_return co_await exchange.reply_error(refusal);
        }
        history = std::move(conversation).value();
    }
    auto parsed = parse_responses_request(fields, history);
    if (!parsed) {
        const auto refusal = to_openai_error(parsed.error());
        co_return co_await exchange.reply_error(refusal);
    }
    auto chat = std::move(parsed).value();
    const bool storing = stored_.enabled() && asks_to_store(fields);
    ResponseShell shell{random_id("resp_", 48), unix_seconds(clock_), chat.model, responses_echo_of(fields, storing)};
    // What a stored response keeps as its input, made before the body goes.
    const auto stored_input = storing ? conversation_input(history, fields) : std::string();
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
        const auto finish = first ? first->finish_reason : std::nullopt;
        const auto items = output_items_of(response);
        auto written = write_response(shell, items, finish, response.usage);
        if (storing) {
            const bool kept = co_await stored_.keep(context.value(), shell.id, stored_input, written);
            if (!kept) {
                mark_not_stored(shell);
                written = write_response(shell, items, finish, response.usage);
            }
        }
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
    const auto& usage = streamed->value().usage;
    // Kept before the last event, so that a client may continue it as
    // soon as it has it.
    if (storing) {
        const auto final_response = writer.response(usage);
        const bool kept = co_await stored_.keep(context.value(), writer.id(), stored_input, final_response);
        if (!kept) writer.mark_not_stored();
    }
    co_await sink.finish(usage);
}

awaitable<void> ResponsesApi::handle_stored(const Request& request, Exchange& exchange, std::string_view path) {
    const bool listing = path.ends_with(input_items_suffix);
    const std::string id(listing ? path.substr(0, path.size() - input_items_suffix.size()) : path);
    const bool allowed = request.method() == http::verb::get || (!listing && request.method() == http::verb::delete_);
    if (id.empty() || id.find('/') != std::string::npos) {
        const auto refusal = route_not_found(request.method_string(), request.target());
        co_return co_await exchange.reply_error(refusal);
    }
    if (!allowed) {
        const auto refusal = method_not_allowed(request.method_string(), request.target());
        co_return co_await exchange.reply_error(refusal);
    }
    auto context = contexts_(request, exchange);
    if (!context) co_return co_await refuse_caller(exchange, context.error());
    if (request.method() == http::verb::delete_) {
        auto forgotten = co_await stored_.forget(context.value(), id);
        if (!forgotten || !forgotten.value()) {
            const auto refusal = forgotten ? response_not_found(id) : to_openai_error(forgotten.error());
            co_return co_await exchange.reply_error(refusal);
        }
        co_return co_await exchange.reply(http::status::ok, write_deleted(id));
    }
    auto found = co_await stored_.find(context.value(), id);
    if (!found || !found.value()) {
        const auto refusal = found ? response_not_found(id) : to_openai_error(found.error());
        co_return co_await exchange.reply_error(refusal);
    }
    if (!listing) co_return co_await exchange.reply(http::status::ok, std::move(found.value()->response));
    auto page = write_input_items(*found.value(), request.target());
    if (!page) {
        const auto refusal = to_openai_error(page.error());
        co_return co_await exchange.reply_error(refusal);
    }
    co_await exchange.reply(http::status::ok, std::move(page).value());
}

}  // namespace llmgw::adapters
