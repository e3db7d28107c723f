#include "adapters/inbound/http/json_rpc_api.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>

#include "adapters/common/identifiers.hpp"
#include "adapters/common/json_access.hpp"
#include "adapters/common/traceparent.hpp"
#include "adapters/inbound/http/answer_status.hpp"
#include "adapters/inbound/http/attribution.hpp"
#include "adapters/inbound/http/health_json.hpp"
#include "adapters/inbound/http/openai_error.hpp"
#include "adapters/inbound/http/sse_chunk_sink.hpp"
#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/openai_format/chat_response_json.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/stream_chunk_json.hpp"
#include "domain/stream_replay.hpp"

namespace llmgw::adapters {
namespace asio = boost::asio;
namespace http = boost::beast::http;
namespace json = boost::json;
using asio::awaitable;

namespace {

// The longest method name an error repeats.
constexpr std::size_t max_method_shown = 64;

// A chunk of a streamed answer as an `llm.chunk` notification.
std::string write_chunk_notification(const AnswerIdentity& identity, const domain::StreamChunk& chunk, bool) {
    return write_rpc_notification("llm.chunk", write_chunk(identity, chunk, false));
}

// Hands each chunk to the client and keeps it, for the whole answer that
// ends the stream.
class AssemblingSink final : public domain::ChunkSink {
public:
    explicit AssemblingSink(domain::ChunkSink& client) : client_(client) {}

    awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override {
        assembler_.add(chunk);
        co_return co_await client_.on_chunk(chunk);
    }
    void on_served_by(const domain::Deployment& deployment) override { client_.on_served_by(deployment); }

    domain::ChatResponse take(const domain::StreamSummary& summary) { return assembler_.take(summary); }

private:
    domain::ChunkSink& client_;
    domain::StreamAssembler assembler_;
};

// The chat request of `llm.complete` and `llm.stream` params: what the
// caller says of itself (`a2a_context`, `user`, `metadata`) goes to its
// attribution, and what only this door knows is not passed on upstream.
domain::Result<domain::ChatRequest> chat_request_of(json::object& params, domain::Attribution& caller) {
    if (const auto* a2a = params.if_contains("a2a_context"); a2a && a2a->is_object()) {
        attribute_from_agent_context(a2a->get_object(), caller);
    }
    for (const auto* field : {"a2a_context", "stream", "stream_options"}) params.erase(field);
    attribute_from_body(params, caller);
    return parse_chat_request(params);
}

// The trace id a call's `a2a_context` names, when it is a W3C trace id.
std::optional<std::array<std::uint8_t, 16>> agent_trace_id(const json::value& params) {
    const auto* object = params.if_object();
    const auto* a2a = object ? object->if_contains("a2a_context") : nullptr;
    const auto* context = a2a ? a2a->if_object() : nullptr;
    const auto* trace_id = context ? context->if_contains("trace_id") : nullptr;
    if (!trace_id || !trace_id->is_string()) return std::nullopt;
    return parse_trace_id(trace_id->get_string());
}

int status_of(const domain::Error& error) { return static_cast<int>(to_openai_error(error).status); }

}  // namespace

JsonRpcApi::JsonRpcApi(JsonRpcUseCases use_cases, const domain::Clock& clock)
    : use_cases_(use_cases), clock_(clock), contexts_(use_cases.access, clock) {}

RpcError JsonRpcApi::error_of(const domain::Error& error, const Exchange& exchange) const {
    return rpc_error_of(error, exchange.scrub(error.message));
}

awaitable<void> JsonRpcApi::handle(const Request& request, Exchange& exchange) {
    // GCC 12 mishandles temporaries in co_await expressions: every value
    // here is named before it is awaited with.
    if (request.method() != http::verb::post) {
        const auto refusal = method_not_allowed(request.method_string(), request.target());
        co_return co_await exchange.reply_error(refusal);
    }
    auto context = contexts_(request, exchange);
    if (!context) {
        const auto& error = context.error();
        if (error.code == domain::ErrorCode::unauthorized) exchange.set_header("www-authenticate", "Bearer");
        const auto status = to_openai_error(error).status;
        auto answer = write_rpc_error(std::nullopt, error_of(error, exchange));
        co_return co_await exchange.reply(status, std::move(answer));
    }
    auto body = parse_rpc_body(request.body(), max_batch);
    if (body.invalid) {
        auto answer = write_rpc_error(std::nullopt, *body.invalid);
        co_return co_await exchange.reply(http::status::ok, std::move(answer));
    }
    // A single call joins the trace its agent names (a2a_context.trace_id),
    // when the caller sent no traceparent; a batch may name several.
    if (!body.batch && !body.calls.front().invalid) {
        if (const auto id = agent_trace_id(body.calls.front().params); id && exchange.join_trace(*id)) {
            context.value().trace = exchange.trace();
        }
    }
    if (!body.batch && !body.calls.front().invalid && body.calls.front().method == "llm.stream") {
        co_return co_await stream(body.calls.front(), std::move(context).value(), exchange);
    }

    std::vector<Answer> answers(body.calls.size());
    const auto ran = co_await unless_client_leaves(run_calls(body, context.value(), answers, exchange), exchange);
    if (!ran) co_return;  // the client left; the calls' rows say so
    std::string text;
    std::size_t answered = 0;
    for (std::size_t i = 0; i < body.calls.size(); ++i) {
        const auto& call = body.calls[i];
        // A notification is not answered, unless it could not be read.
        if (!call.id && !call.invalid) continue;
        if (answered++ > 0) text += ',';
        text += answers[i].error ? write_rpc_error(call.id, *answers[i].error) : write_rpc_result(*call.id, answers[i].result);
    }
    if (answered == 0) co_return co_await exchange.reply(http::status::no_content, std::string());
    if (body.batch) text = "[" + text + "]";
    co_await exchange.reply(http::status::ok, std::move(text));
}

awaitable<bool> JsonRpcApi::run_calls(RpcBody& body, const domain::RequestContext& context,
                                      std::vector<Answer>& answers, Exchange& exchange) {
    const auto executor = co_await asio::this_coro::executor;
    using Run = decltype(asio::co_spawn(executor, std::declval<awaitable<void>>(), asio::deferred));
    std::vector<Run> runs;
    for (std::size_t i = 0; i < body.calls.size(); ++i) {
        auto& call = body.calls[i];
        if (call.invalid) {
            answers[i].error = call.invalid;
        } else if (body.batch && call.method == "llm.stream") {
            answers[i].error = RpcError{rpc_code::invalid_request,
                                        "Invalid Request: llm.stream answers with an event stream of its own, so it "
                                        "cannot be part of a batch",
                                        nullptr};
        } else {
            auto call_context = context;
            if (body.batch) call_context.request_id += "-" + std::to_string(i + 1);
            runs.push_back(
                asio::co_spawn(executor, answer_into(answers[i], call, std::move(call_context), exchange), asio::deferred));
        }
    }
    if (runs.empty()) co_return true;
    // The calls of a batch run at once; a client that leaves cancels them all.
    auto [order, failures] = co_await asio::experimental::make_parallel_group(std::move(runs))
                                 .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
    for (const auto& failure : failures) {
        if (failure) std::rethrow_exception(failure);
    }
    co_return true;
}

awaitable<void> JsonRpcApi::answer_into(Answer& into, RpcCall& call, domain::RequestContext context,
                                        Exchange& exchange) {
    into = co_await this->call(call, std::move(context), exchange);
}

awaitable<JsonRpcApi::Answer> JsonRpcApi::call(RpcCall& call, domain::RequestContext context, Exchange& exchange) {
    if (call.method == "llm.complete") {
        if (!call.params.is_object()) {
            co_return Answer{{}, RpcError{rpc_code::invalid_params, "Invalid params: llm.complete takes an object",
                                          nullptr}};
        }
        co_return co_await complete(call.params.get_object(), std::move(context), exchange);
    }
    if (call.method == "llm.models") co_return models(context);
    if (call.method == "llm.select_model" && use_cases_.tiers) co_return select_model(call.params, context, exchange);
    if (call.method == "llm.health") co_return Answer{write_provider_health(use_cases_.provider_health(), {}), {}};
    if (call.method == "llm.metrics" && use_cases_.metrics) co_return metrics(context, exchange);
    const auto shown = call.method.substr(0, max_method_shown);
    co_return Answer{{}, RpcError{rpc_code::method_not_found, "Method not found: " + shown, nullptr}};
}

awaitable<JsonRpcApi::Answer> JsonRpcApi::complete(json::object& params, domain::RequestContext context,
                                                   const Exchange& exchange) {
    auto parsed = chat_request_of(params, context.caller);
    if (!parsed) co_return Answer{{}, error_of(parsed.error(), exchange)};
    auto chat = std::move(parsed).value();
    auto record = use_cases_.metering.open(context, domain::Operation::chat, chat.model, false);
    const std::int64_t created = unix_seconds(clock_);
    auto answer = co_await use_cases_.complete_chat(context, std::move(chat));
    if (!answer) {
        record.failed(status_of(answer.error()), answer.error());
        co_return Answer{{}, error_of(answer.error(), exchange)};
    }
    record.answered(200);
    const auto& response = answer.value();
    const AnswerIdentity identity{response.id.empty() ? random_id("chatcmpl-", 29) : response.id,
                                  response.created ? response.created : created, response.model};
    co_return Answer{write_chat_response(response, identity), {}};
}

awaitable<void> JsonRpcApi::stream(RpcCall& call, domain::RequestContext context, Exchange& exchange) {
    // A notification asks for no answer, and a stream is nothing else.
    if (!call.id) co_return co_await exchange.reply(http::status::no_content, std::string());
    std::optional<RpcError> refused;
    std::optional<domain::ChatRequest> parsed;
    if (!call.params.is_object()) {
        refused = RpcError{rpc_code::invalid_params, "Invalid params: llm.stream takes an object", nullptr};
    } else if (auto read = chat_request_of(call.params.get_object(), context.caller)) {
        parsed = std::move(read).value();
    } else {
        refused = error_of(read.error(), exchange);
    }
    if (refused) {
        auto answer = write_rpc_error(call.id, *refused);
        co_return co_await exchange.reply(http::status::ok, std::move(answer));
    }
    auto chat = std::move(*parsed);
    chat.stream = true;
    auto record = use_cases_.metering.open(context, domain::Operation::chat, chat.model, true);
    AnswerStatus status;
    status.attach(context);

    AnswerIdentity identity{random_id("chatcmpl-", 29), unix_seconds(clock_), chat.model};
    SseChunkSink events(exchange, identity, false, write_chunk_notification, served_by_header, &status);
    AssemblingSink sink(events);
    auto streamed = co_await unless_client_leaves(use_cases_.stream_chat(context, std::move(chat), sink), exchange);
    if (!exchange.events_started()) tell_answer_status(exchange, status);
    switch (record_stream_end(record, streamed, exchange)) {
    case StreamEnd::client_left: co_return;
    case StreamEnd::failed: {
        const auto answer = write_rpc_error(call.id, error_of(streamed->error(), exchange));
        co_return co_await exchange.reply(http::status::ok, answer);
    }
    case StreamEnd::failed_midway: {
        // Too late for anything but a last event: the call's error response.
        const auto answer = write_rpc_error(call.id, error_of(streamed->error(), exchange));
        co_await exchange.send_event(answer);
        co_return co_await exchange.end_events();
    }
    case StreamEnd::answered: break;
    }
    if (!exchange.events_started()) co_await exchange.start_events();
    const auto whole = sink.take(streamed->value());
    const auto completion = write_chat_response(whole, identity);
    const auto answer = write_rpc_result(*call.id, completion);
    co_await exchange.send_event(answer);
    co_await exchange.end_events();
}

JsonRpcApi::Answer JsonRpcApi::metrics(const domain::RequestContext& context, const Exchange& exchange) const {
    if (auto admin = use_cases_.access.require_admin(context); !admin) return {{}, error_of(admin.error(), exchange)};
    JsonWriter writer;
    writer.begin_object().key("format").string("prometheus");
    writer.key("text").string(use_cases_.metrics->exposition()).end_object();
    return {writer.take(), {}};
}

JsonRpcApi::Answer JsonRpcApi::select_model(const json::value& params, const domain::RequestContext& context,
                                            const Exchange& exchange) const {
    const auto* fields = params.if_object();
    const auto tier = fields ? string_at(*fields, "tier") : std::string();
    const auto model = fields ? string_at(*fields, "model") : std::string();
    const auto named = domain::tier_named(model);
    const auto strategy_name = fields ? string_at(*fields, "strategy") : std::string();
    const auto strategy = domain::tier_strategy_from(strategy_name);
    if ((tier.empty() && !named) || (!strategy_name.empty() && !strategy)) {
        return {{}, RpcError{rpc_code::invalid_params,
                             "Invalid params: llm.select_model takes {\"tier\": name} (or {\"model\": \"tier:<name>\"}) "
                             "and an optional \"strategy\": cost, latency or balanced",
                             nullptr}};
    }
    const auto name = tier.empty() ? std::string(*named) : tier;
    auto selection = use_cases_.tiers->select(context, use_cases_.access, name, strategy);
    if (!selection) return {{}, error_of(selection.error(), exchange)};
    const auto& chosen = selection.value();
    JsonWriter writer;
    writer.begin_object().key("model").string(chosen.model).key("tier").string(name);
    writer.key("strategy").string(domain::to_string(chosen.strategy)).key("candidates").begin_array();
    for (const auto& [candidate, facts] : chosen.considered) {
        writer.begin_object().key("model").string(candidate);
        writer.key("price_nanousd_per_mtok").number(facts.price).key("latency_ms");
        facts.latency_ms ? writer.number(*facts.latency_ms) : writer.null();
        writer.key("available").boolean(facts.available).key("allowed").boolean(facts.allowed).end_object();
    }
    writer.end_array().end_object();
    return {writer.take(), {}};
}

JsonRpcApi::Answer JsonRpcApi::models(const domain::RequestContext& context) const {
    JsonWriter writer;
    writer.begin_object().key("object").string("list").key("data").begin_array();
    for (const auto& entry : use_cases_.list_models(context)) {
        writer.begin_object().key("id").string(entry.model).key("object").string("model");
        writer.key("owned_by").string(entry.provider).end_object();
    }
    writer.end_array().end_object();
    return {writer.take(), {}};
}

}  // namespace llmgw::adapters
