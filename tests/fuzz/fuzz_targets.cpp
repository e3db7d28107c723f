#include "fuzz_targets.hpp"

#include <cstdlib>

#include <boost/json/parse.hpp>

#include "adapters/anthropic_format/messages_events.hpp"
#include "adapters/anthropic_format/messages_request_json.hpp"
#include "adapters/anthropic_format/messages_response_json.hpp"
#include "adapters/inbound/http/json_rpc_messages.hpp"
#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/openai_format/chat_response_json.hpp"
#include "adapters/openai_format/embedding_json.hpp"
#include "adapters/openai_format/responses_json.hpp"
#include "adapters/openai_format/responses_request_json.hpp"
#include "adapters/openai_format/stream_chunk_json.hpp"
#include "adapters/openai_format/text_completion_json.hpp"
#include "adapters/outbound/anthropic/anthropic_request.hpp"
#include "adapters/outbound/anthropic/anthropic_response.hpp"
#include "adapters/outbound/anthropic/anthropic_stream.hpp"
#include "adapters/outbound/common/upstream_error.hpp"
#include "adapters/outbound/common/upstream_exchange.hpp"
#include "adapters/outbound/gemini/gemini_request.hpp"
#include "adapters/outbound/gemini/gemini_response.hpp"
#include "adapters/outbound/redis/cache_entry_codec.hpp"
#include "adapters/outbound/redis/resp.hpp"
#include "adapters/sse/sse_parser.hpp"
#include "domain/guardrails/detectors.hpp"
#include "domain/guardrails/hold_back.hpp"
#include "domain/guardrails/redactor.hpp"
#include "domain/request_limits.hpp"
#include "infrastructure/config/config_loader.hpp"

namespace llmgw::fuzz {
namespace json = boost::json;

namespace {

// A broken expectation is a finding: abort, so that libFuzzer keeps the input.
void require(bool holds) {
    if (!holds) std::abort();
}

// The body as the inbound adapter parses it (the same nesting limit).
const json::object* object_of(std::string_view text, json::value& storage) {
    boost::system::error_code error;
    json::parse_options limits;
    limits.max_depth = 64;
    storage = json::parse(text, error, {}, limits);
    return error ? nullptr : storage.if_object();
}

// An error that reaches a client must say what went wrong.
template <class T>
void check(const domain::Result<T>& result) {
    if (!result) require(!result.error().message.empty());
}

// Every outbound dialect must write what a door accepted as valid JSON.
void require_written(const domain::ChatRequest& request) {
    boost::system::error_code error;
    json::parse(adapters::write_chat_request(request, "m", true), error);
    require(!error);
    for (const auto thinking : {adapters::AnthropicThinking::budget, adapters::AnthropicThinking::adaptive}) {
        if (auto anthropic = adapters::write_anthropic_request(request, "m", {1025, thinking}, true)) {
            json::parse(anthropic.value(), error);
            require(!error);
        }
    }
    if (auto gemini = adapters::write_gemini_request(request)) {
        json::parse(gemini.value(), error);
        require(!error);
    }
}

void chat_request(std::string_view input) {
    json::value storage;
    const auto* body = object_of(input, storage);
    if (!body) return;
    auto request = adapters::parse_chat_request(*body);
    check(request);
    if (!request || !domain::check_limits(request.value(), domain::RequestLimits{})) return;
    require_written(request.value());
}

void embedding_request(std::string_view input) {
    json::value storage;
    if (const auto* body = object_of(input, storage)) {
        auto parsed = adapters::parse_embedding_request(*body);
        check(parsed);
        if (parsed) check(domain::check_limits(parsed.value().request, domain::RequestLimits{}));
    }
}

void completion_request(std::string_view input) {
    json::value storage;
    if (const auto* body = object_of(input, storage)) check(adapters::parse_text_completion_request(*body));
}

void sse(std::string_view input) {
    // The same bytes whole and split at a point the input chooses must give
    // the same events.
    std::vector<adapters::SseEvent> whole;
    adapters::SseParser one;
    one.feed(input, whole);
    const std::size_t split = input.empty() ? 0 : static_cast<unsigned char>(input[0]) % input.size();
    std::vector<adapters::SseEvent> pieces;
    adapters::SseParser two;
    two.feed(input.substr(0, split), pieces);
    two.feed(input.substr(split), pieces);
    require(whole.size() == pieces.size());
    for (std::size_t i = 0; i < whole.size(); ++i) require(whole[i].data == pieces[i].data && whole[i].event == pieces[i].event);
}

// Upstream stream bodies: SSE events fed to a translator, each event's data
// parsed as the stream pump does.
template <class OnEvent>
void each_event_object(std::string_view input, OnEvent on_event) {
    std::vector<adapters::SseEvent> events;
    adapters::SseParser parser;
    parser.feed(input, events);
    for (const auto& event : events) {
        json::value storage;
        if (const auto* data = object_of(event.data, storage)) on_event(event, *data);
    }
}

void openai_response(std::string_view input) {
    json::value storage;
    if (const auto* body = object_of(input, storage)) check(adapters::parse_chat_response(*body));
    if (const auto* body = object_of(input, storage)) check(adapters::parse_text_completion_response(*body));
    if (const auto* body = object_of(input, storage)) check(adapters::parse_upstream_embedding_response(*body));
    each_event_object(input, [](const adapters::SseEvent&, const json::object& data) {
        check(adapters::parse_upstream_chunk(data));
    });
}

void anthropic_response(std::string_view input) {
    json::value storage;
    if (const auto* body = object_of(input, storage)) {
        check(adapters::parse_anthropic_response(*body, false));
        check(adapters::parse_anthropic_response(*body, true));
    }
    adapters::AnthropicStreamTranslator translator(!input.empty() && input[0] == 'j');
    each_event_object(input, [&](const adapters::SseEvent& event, const json::object& data) {
        check(translator.on_event(event.event, data));
    });
}

void gemini_response(std::string_view input) {
    json::value storage;
    if (const auto* body = object_of(input, storage)) check(adapters::parse_gemini_response(*body));
    adapters::GeminiStreamTranslator translator;
    each_event_object(input, [&](const adapters::SseEvent&, const json::object& data) { check(translator.on_chunk(data)); });
}

void upstream_error(std::string_view input) {
    // First line: a Retry-After header; the rest: an error body.
    const auto line_end = input.find('\n');
    const auto header = input.substr(0, line_end);
    (void)adapters::parse_retry_after(header, std::chrono::system_clock::time_point{});
    infrastructure::HttpResponse response;
    response.result(400 + (input.empty() ? 0 : static_cast<unsigned char>(input[0]) % 200));
    response.set(boost::beast::http::field::retry_after, header);
    response.body() = std::string(line_end == std::string_view::npos ? std::string_view() : input.substr(line_end + 1));
    const auto error = adapters::error_from_response("p", response, std::chrono::system_clock::time_point{});
    require(!error.message.empty());
}

void config(std::string_view input) {
    const infrastructure::EnvLookup env = [](std::string_view) { return std::optional<std::string>("value"); };
    try {
        (void)infrastructure::load_config_text(std::string(input), "fuzz.yaml", env);
    } catch (const infrastructure::ConfigError&) {
        // What a bad file must give: a message, and exit status 2.
    }
}

}  // namespace

// A Messages API body as a caller sends it: what is accepted is written as
// JSON for every outbound dialect, and an answer made of its own turns
// (whole and as events) is JSON too.
void messages_request(std::string_view input) {
    json::value storage;
    const auto* body = object_of(input, storage);
    if (!body) return;
    auto request = adapters::parse_messages_request(*body, adapters::MaxTokensRule::required);
    check(request);
    if (!request || !domain::check_limits(request.value(), domain::RequestLimits{})) return;
    require_written(request.value());
    boost::system::error_code error;
    domain::ChatResponse answer;
    adapters::MessagesEventWriter events({"msg_1", "m"}, 1);
    std::vector<adapters::NamedEvent> written;
    for (const auto& message : request.value().messages) {
        answer.choices.push_back({.message = message});
        domain::StreamChunk chunk;
        chunk.content = message.text();
        chunk.reasoning_blocks = message.reasoning;
        for (std::size_t i = 0; i < message.tool_calls.size(); ++i) {
            const auto& call = message.tool_calls[i];
            chunk.tool_calls.push_back({static_cast<int>(i), call.id, call.name, call.arguments});
        }
        events.add(chunk, written);
    }
    events.finish({}, written);
    for (const auto& event : written) {
        json::parse(event.data, error);
        require(!error);
    }
    json::parse(adapters::write_message(answer, {"msg_1", "m"}), error);
    require(!error);
}

// A Responses API body as a caller sends it: refused with a message, or
// the chat request it asks for, written as valid JSON for the OpenAI and
// Anthropic upstreams; the response it echoes is JSON too.
void responses_request(std::string_view input) {
    json::value storage;
    const auto* body = object_of(input, storage);
    if (!body) return;
    auto request = adapters::parse_responses_request(*body);
    check(request);
    if (!request || !domain::check_limits(request.value(), domain::RequestLimits{})) return;
    require_written(request.value());
    boost::system::error_code error;
    const adapters::ResponseShell shell{"resp_1", 1, "m", adapters::responses_echo_of(*body, false)};
    json::parse(adapters::write_response(shell, {}, std::nullopt, {}), error);
    require(!error);
}

// What Redis sends back: RESP replies arriving in pieces of any size, and
// the cache entries stored in it (by this gateway or anything else).
// A JSON-RPC body as a caller sends it: every element is a call or an
// error, and every answer written for it (with the call's id) is JSON.
void json_rpc(std::string_view input) {
    constexpr std::size_t max_batch = 100;
    const auto body = adapters::parse_rpc_body(input, max_batch);
    require(body.invalid.has_value() != !body.calls.empty());
    require(body.calls.size() <= max_batch);
    require(body.batch || body.calls.size() <= 1);
    boost::system::error_code error;
    for (const auto& call : body.calls) {
        require(call.invalid || call.params.is_null() || call.params.is_object() || call.params.is_array());
        const adapters::RpcError answer{adapters::rpc_code::internal_error, call.method, call.params};
        json::parse(adapters::write_rpc_error(call.id, answer), error);
        require(!error);
        if (call.id) json::parse(adapters::write_rpc_result(*call.id, "{}"), error);
        require(!error);
    }
}

// Any text a caller or a model may send, through the guardrails'
// detectors: findings inside the text, disjoint once kept so, each
// replaced by a placeholder; and the stream's hold-back never releases
// more than it holds, nor part of a finding.
void guardrails(std::string_view input) {
    std::vector<domain::Finding> findings;
    domain::find_entities(input, domain::EntitySet{}.set(), findings);
    for (const auto& finding : findings) require(finding.begin < finding.end && finding.end <= input.size());
    domain::keep_disjoint(findings);
    for (std::size_t i = 1; i < findings.size(); ++i) require(findings[i - 1].end <= findings[i].begin);
    std::vector<std::string> tags;
    for (std::size_t i = 0; i < domain::builtin_entity_count; ++i) {
        tags.emplace_back(domain::to_string(static_cast<domain::Entity>(i)));
    }
    domain::Redactor redactor(tags);
    std::string text(input);
    redactor.redact(text, findings, true);
    redactor.restore(text);
    // (Text that already looks like a placeholder would be "restored" too.)
    if (input.find('[') == std::string_view::npos) require(text == input);
    const domain::HoldBack hold_back{.window = 8, .most = 64};
    const auto cut = domain::releasable(input, findings, hold_back);
    require(cut <= input.size());
    for (const auto& finding : findings) require(cut <= finding.begin || cut >= finding.end);
}

void redis(std::string_view input) {
    if (input.empty()) return;
    const auto mode = static_cast<unsigned char>(input.front());
    input.remove_prefix(1);
    if (mode % 2 == 0) {
        adapters::redis::ReplyReader reader(1 << 16);
        const std::size_t piece = mode / 2 % 16 + 1;
        for (std::size_t at = 0; at < input.size(); at += piece) {
            reader.feed(input.substr(at, piece));
            while (reader.next()) {
            }
            if (reader.broken()) return;
        }
        return;
    }
    // An entry read once must read back the same way after writing it again.
    if (const auto entry = adapters::redis::decode_entry(input)) {
        const auto again = adapters::redis::encode_entry(*entry);
        require(adapters::redis::decode_entry(again).has_value());
        require(adapters::redis::encode_entry(*adapters::redis::decode_entry(again)) == again);
    }
}

const std::vector<Target>& targets() {
    static const std::vector<Target> all{
        {"chat_request", chat_request},         {"embedding_request", embedding_request},
        {"completion_request", completion_request}, {"sse", sse},
        {"openai_response", openai_response},   {"anthropic_response", anthropic_response},
        {"gemini_response", gemini_response},   {"upstream_error", upstream_error},
        {"config", config},                     {"inbound_http", inbound_http},
        {"redis", redis},                       {"guardrails", guardrails},
        {"json_rpc", json_rpc},                 {"messages_request", messages_request},
        {"responses_request", responses_request},
    };
    return all;
}

}  // namespace llmgw::fuzz
