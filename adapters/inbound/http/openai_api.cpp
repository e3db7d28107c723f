#include "adapters/inbound/http/openai_api.hpp"

#include <algorithm>
#include <optional>
#include <variant>

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/json/parse.hpp>

#include "adapters/common/identifiers.hpp"
#include "adapters/inbound/http/attribution.hpp"
#include "adapters/inbound/http/captured_content.hpp"
#include "adapters/inbound/http/front_door.hpp"
#include "adapters/inbound/http/budgets_json.hpp"
#include "adapters/inbound/http/answer_status.hpp"
#include "adapters/inbound/http/health_json.hpp"
#include "adapters/inbound/http/metrics_reply.hpp"
#include "adapters/inbound/http/spend_json.hpp"
#include "adapters/inbound/http/sse_chunk_sink.hpp"
#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/openai_format/chat_response_json.hpp"
#include "adapters/openai_format/embedding_json.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/stream_chunk_json.hpp"
#include "adapters/openai_format/text_completion_json.hpp"

namespace llmgw::adapters {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using asio::awaitable;

namespace {

// Each deployment's answer to an active health probe is awaited this long.
constexpr std::chrono::milliseconds probe_limit{10'000};

// Ends an event stream: the error (as an error status if no event went out
// yet, else as a last event), or the usage chunk when asked for and [DONE].
// Nothing when the client has left. Closes the request's row with it.
awaitable<void> finish_events(Exchange& exchange, application::RequestRecord& record,
                              std::optional<domain::Result<domain::StreamSummary>> streamed,
                              const AnswerIdentity& identity, bool include_usage,
                              std::string (*write_usage)(const AnswerIdentity&, const domain::Usage&)) {
    // GCC 12 mishandles temporaries in co_await expressions: the error is
    // named before it is awaited with.
    switch (record_stream_end(record, streamed, exchange)) {
    case StreamEnd::client_left: co_return;
    case StreamEnd::failed: {
        const auto failure = to_openai_error(streamed->error());
        co_return co_await exchange.reply_error(failure);
    }
    case StreamEnd::failed_midway: {
        // Too late for a status code: the error goes in the stream, as OpenAI does.
        const auto failure = to_openai_error(streamed->error());
        co_await exchange.send_error_event(failure);
        co_return co_await exchange.end_events();
    }
    case StreamEnd::answered: break;
    }
    if (!exchange.events_started()) co_await exchange.start_events();
    if (include_usage) co_await exchange.send_event(write_usage(identity, streamed->value().usage));
    co_await exchange.send_event("[DONE]");
    co_await exchange.end_events();
}

void write_model(JsonWriter& writer, std::string_view id, std::string_view owner, std::int64_t created) {
    writer.begin_object().key("id").string(id).key("object").string("model");
    writer.key("created").number(created).key("owned_by").string(owner).end_object();
}

}  // namespace

OpenAiApi::OpenAiApi(ApiUseCases use_cases, const domain::Clock& clock, MetricsEndpoint metrics)
    : use_cases_(use_cases),
      clock_(clock),
      metrics_(metrics),
      contexts_(use_cases.access, clock),
      started_at_(unix_seconds(clock)) {}

awaitable<void> OpenAiApi::handle(const Request& request, Exchange& exchange) {
    const auto route = route_of(request.target());
    // HEAD is GET without the body (the exchange leaves it out).
    const auto method = request.method() == http::verb::head ? http::verb::get : request.method();
    // Liveness and readiness are for orchestrators, which hold no key.
    if (route == "/healthz") co_return co_await exchange.reply(http::status::ok, R"({"status":"ok"})");
    if (route == "/readyz") co_return co_await readiness(exchange);
    // Scrapers hold no key either, unless the operator wants them to.
    const bool metrics = route == "/metrics" && metrics_.registry;
    if (metrics && !metrics_.admin_only) co_return co_await reply_metrics(*metrics_.registry, request, exchange);

    // Everything else is a caller's: authenticated before its body is read.
    auto context = contexts_(request, exchange);
    if (!context) {
        // RFC 9110 §11.6.1: a 401 names the scheme it wants.
        if (context.error().code == domain::ErrorCode::unauthorized) exchange.set_header("www-authenticate", "Bearer");
        co_return co_await exchange.reply_error(to_openai_error(context.error()));
    }
    if (metrics) {
        if (auto admin = use_cases_.access.require_admin(context.value()); !admin) {
            co_return co_await exchange.reply_error(to_openai_error(admin.error()));
        }
        co_return co_await reply_metrics(*metrics_.registry, request, exchange);
    }
    if (route == "/chat/completions" || route == "/completions" || route == "/embeddings") {
        if (method != http::verb::post) co_return co_await exchange.reply_error(method_not_allowed(request.method_string(), request.target()));
        if (route == "/chat/completions") co_return co_await chat_completions(request, std::move(context).value(), exchange);
        if (route == "/completions") co_return co_await completions(request, std::move(context).value(), exchange);
        co_return co_await embeddings(request, std::move(context).value(), exchange);
    }
    if (route == "/models") {
        if (method != http::verb::get) co_return co_await exchange.reply_error(method_not_allowed(request.method_string(), request.target()));
        co_return co_await list_models(context.value(), exchange);
    }
    if (route.starts_with("/models/") && method == http::verb::get) {
        co_return co_await retrieve_model(context.value(), route.substr(8), exchange);
    }
    if (route == "/budgets") {
        if (method != http::verb::get) co_return co_await exchange.reply_error(method_not_allowed(request.method_string(), request.target()));
        co_return co_await budgets(context.value(), exchange);
    }
    if (route == "/spend") {
        if (method != http::verb::get) co_return co_await exchange.reply_error(method_not_allowed(request.method_string(), request.target()));
        co_return co_await spend(request, context.value(), exchange);
    }
    if (route == "/health/providers") {
        if (method != http::verb::get) co_return co_await exchange.reply_error(method_not_allowed(request.method_string(), request.target()));
        co_return co_await provider_health(request, context.value(), exchange);
    }
    co_await exchange.reply_error(route_not_found(request.method_string(), request.target()));
}

awaitable<void> OpenAiApi::chat_completions(const Request& request, domain::RequestContext context,
                                            Exchange& exchange) {
    auto body = parse_json_body(request.body());
    if (!body || !body->is_object()) co_return co_await exchange.reply_error(body_not_json());
    attribute_from_body(body->get_object(), context.caller);
    auto parsed = parse_chat_request(body->get_object());
    if (!parsed) co_return co_await exchange.reply_error(to_openai_error(parsed.error()));
    auto chat = std::move(parsed).value();
    auto record = use_cases_.metering.open(context, domain::Operation::chat, chat.model, chat.stream);
    AnswerStatus status;
    status.attach(context);
    auto* captured = exchange.recording() && exchange.recording()->capture_content ? &exchange.recording()->content : nullptr;
    if (captured) captured->input = chat.messages;

    const std::int64_t created = unix_seconds(clock_);

    if (!chat.stream) {
        auto answer = co_await unless_client_leaves(use_cases_.complete_chat(context, std::move(chat)), exchange);
        if (!answer) co_return;  // nobody is left to answer; the record says so
        tell_answer_status(exchange, status);
        if (!*answer) co_return co_await reply_failure(exchange, record, answer->error());
        record.answered(200);
        const auto& response = answer->value();
        exchange.set_header(served_by_header, response.model);
        AnswerIdentity identity{response.id.empty() ? random_id("chatcmpl-", 29) : response.id,
                                response.created ? response.created : created, response.model};
        if (captured) capture_answer(*captured, response);
        co_return co_await exchange.reply(http::status::ok, write_chat_response(response, identity));
    }

    AnswerIdentity identity{random_id("chatcmpl-", 29), created, chat.model};
    const bool include_usage = chat.include_usage;
    SseChunkSink sink(exchange, identity, include_usage, write_chunk, served_by_header, &status);
    auto streamed = co_await unless_client_leaves(use_cases_.stream_chat(context, std::move(chat), sink), exchange);
    if (!exchange.events_started()) tell_answer_status(exchange, status);
    co_await finish_events(exchange, record, std::move(streamed), identity, include_usage, write_usage_chunk);
}

awaitable<void> OpenAiApi::embeddings(const Request& request, domain::RequestContext context, Exchange& exchange) {
    auto body = parse_json_body(request.body());
    if (!body || !body->is_object()) co_return co_await exchange.reply_error(body_not_json());
    attribute_from_body(body->get_object(), context.caller);
    auto parsed = parse_embedding_request(body->get_object());
    if (!parsed) co_return co_await exchange.reply_error(to_openai_error(parsed.error()));
    const bool base64 = parsed.value().base64;
    auto record = use_cases_.metering.open(context, domain::Operation::embeddings, parsed.value().request.model, false);
    AnswerStatus status;
    status.attach(context);
    auto answer = co_await unless_client_leaves(use_cases_.embed(context, std::move(parsed.value().request)), exchange);
    if (!answer) co_return;
    tell_answer_status(exchange, status);
    if (!*answer) co_return co_await reply_failure(exchange, record, answer->error());
    record.answered(200);
    exchange.set_header(served_by_header, answer->value().model);
    EmbeddingResponseWriter body_writer(answer->value(), base64);
    // About a millisecond of formatting between turns for other requests.
    constexpr std::size_t values_per_slice = 65536;
    while (body_writer.write_some(values_per_slice)) {
        co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
    }
    co_await exchange.reply(http::status::ok, body_writer.take());
}

awaitable<void> OpenAiApi::completions(const Request& request, domain::RequestContext context, Exchange& exchange) {
    auto body = parse_json_body(request.body());
    if (!body || !body->is_object()) co_return co_await exchange.reply_error(body_not_json());
    attribute_from_body(body->get_object(), context.caller);
    auto parsed = parse_text_completion_request(body->get_object());
    if (!parsed) co_return co_await exchange.reply_error(to_openai_error(parsed.error()));
    auto completion = std::move(parsed).value();
    AnswerIdentity identity{random_id("cmpl-", 29), unix_seconds(clock_), completion.model};
    auto record =
        use_cases_.metering.open(context, domain::Operation::completions, completion.model, completion.stream);
    AnswerStatus status;
    status.attach(context);

    if (!completion.stream) {
        auto answer = co_await unless_client_leaves(use_cases_.complete_text(context, std::move(completion)), exchange);
        if (!answer) co_return;
        tell_answer_status(exchange, status);
        if (!*answer) co_return co_await reply_failure(exchange, record, answer->error());
        record.answered(200);
        const auto& response = answer->value();
        if (!response.id.empty()) identity.id = response.id;
        identity.model = response.model;
        exchange.set_header(served_by_header, response.model);
        co_return co_await exchange.reply(http::status::ok, write_text_completion_response(response, identity));
    }
    const bool include_usage = completion.include_usage;
    SseChunkSink sink(exchange, identity, include_usage, write_text_completion_chunk, served_by_header, &status);
    auto streamed =
        co_await unless_client_leaves(use_cases_.complete_text.stream(context, std::move(completion), sink), exchange);
    if (!exchange.events_started()) tell_answer_status(exchange, status);
    co_await finish_events(exchange, record, std::move(streamed), identity, include_usage,
                           write_text_completion_usage_chunk);
}

awaitable<void> OpenAiApi::list_models(const domain::RequestContext& context, Exchange& exchange) {
    JsonWriter writer;
    writer.begin_object().key("object").string("list").key("data").begin_array();
    for (const auto& entry : use_cases_.list_models(context)) write_model(writer, entry.model, entry.provider, started_at_);
    writer.end_array().end_object();
    co_await exchange.reply(http::status::ok, writer.take());
}

awaitable<void> OpenAiApi::retrieve_model(const domain::RequestContext& context, std::string_view id,
                                          Exchange& exchange) {
    // A model the caller may not use does not exist for it.
    for (const auto& entry : use_cases_.list_models(context)) {
        if (entry.model != id) continue;
        JsonWriter writer;
        write_model(writer, entry.model, entry.provider, started_at_);
        co_return co_await exchange.reply(http::status::ok, writer.take());
    }
    co_await exchange.reply_error(to_openai_error(domain::make_error(
        domain::ErrorCode::model_not_found,
        "The model `" + std::string(id) + "` does not exist or you do not have access to it.", "model")));
}


awaitable<void> OpenAiApi::budgets(const domain::RequestContext& context, Exchange& exchange) {
    co_await exchange.reply(http::status::ok, write_budgets(use_cases_.list_budgets(context)));
}

awaitable<void> OpenAiApi::spend(const Request& request, const domain::RequestContext& context, Exchange& exchange) {
    auto query = parse_spend_query(request.target(), clock_.now());
    if (!query) co_return co_await exchange.reply_error(to_openai_error(query.error()));
    auto report = co_await unless_client_leaves(use_cases_.report_spend(context, query.value()), exchange);
    if (!report) co_return;
    if (!*report) co_return co_await exchange.reply_error(to_openai_error(report->error()));
    co_await exchange.reply(http::status::ok, write_spend(query.value(), report->value()));
}

awaitable<void> OpenAiApi::readiness(Exchange& exchange) {
    if (use_cases_.provider_health.ready()) co_return co_await exchange.reply(http::status::ok, R"({"status":"ready"})");
    co_await exchange.reply(http::status::service_unavailable,
                            R"({"status":"unavailable","reason":"every deployment's circuit breaker is open"})");
}

awaitable<void> OpenAiApi::provider_health(const Request& request, const domain::RequestContext& context,
                                           Exchange& exchange) {
    const std::string_view target = request.target();
    const auto mark = target.find('?');
    const auto query = mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1);
    const bool probe = query == "probe=true" || query == "probe=1";
    std::vector<application::ProviderHealth::ProbeResult> probes;
    if (probe) {
        auto probed = co_await use_cases_.provider_health.probe(context, probe_limit);
        if (!probed) co_return co_await exchange.reply_error(to_openai_error(probed.error()));
        probes = std::move(probed).value();
    }
    for (auto& result : probes) result.error = exchange.scrub(result.error);
    co_await exchange.reply(http::status::ok, write_provider_health(use_cases_.provider_health(), probes));
}

}  // namespace llmgw::adapters
