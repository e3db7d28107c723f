#include "adapters/anthropic_format/messages_response_json.hpp"

#include <boost/json/parse.hpp>

#include "adapters/common/identifiers.hpp"
#include "adapters/openai_format/reasoning_json.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

std::string message_id_of(std::string_view upstream_id) {
    if (upstream_id.starts_with("msg_")) return std::string(upstream_id);
    return random_id("msg_", 24);
}

std::string_view stop_reason_of(std::optional<domain::FinishReason> reason, std::string_view stop_sequence) {
    switch (reason.value_or(domain::FinishReason::stop)) {
    case domain::FinishReason::stop: return stop_sequence.empty() ? "end_turn" : "stop_sequence";
    case domain::FinishReason::length: return "max_tokens";
    case domain::FinishReason::tool_calls: return "tool_use";
    case domain::FinishReason::content_filter: return "refusal";
    }
    return "end_turn";
}

void write_message_usage(JsonWriter& writer, const domain::Usage& usage) {
    const auto uncached = usage.prompt_tokens - usage.cached_prompt_tokens - usage.cache_write_prompt_tokens;
    writer.begin_object().key("input_tokens").number(std::max<std::int64_t>(uncached, 0));
    writer.key("cache_creation_input_tokens").number(usage.cache_write_prompt_tokens);
    writer.key("cache_read_input_tokens").number(usage.cached_prompt_tokens);
    writer.key("output_tokens").number(usage.completion_tokens).end_object();
}

std::string tool_input_of(std::string_view arguments) {
    if (arguments.find_first_not_of(" \t\r\n") == std::string_view::npos) return "{}";
    boost::system::error_code error;
    const auto parsed = json::parse(arguments, error);
    if (!error && parsed.is_object()) return std::string(arguments);
    JsonWriter writer;
    writer.begin_object().key("_raw_arguments").string(arguments).end_object();
    return writer.take();
}

std::string write_message(const domain::ChatResponse& response, const MessageIdentity& identity) {
    JsonWriter writer;
    writer.begin_object().key("id").string(identity.id).key("type").string("message");
    writer.key("role").string("assistant").key("model").string(identity.model);
    writer.key("content").begin_array();
    const domain::Choice* choice = response.choices.empty() ? nullptr : &response.choices.front();
    if (choice) {
        const auto& message = choice->message;
        for (const auto& block : message.reasoning) write_reasoning_block(writer, block);
        // Text, and a server tool's calls and results whole where they stood.
        std::string text;
        const auto write_text = [&] {
            if (!text.empty()) writer.begin_object().key("type").string("text").key("text").string(text).end_object();
            text.clear();
        };
        for (const auto& part : message.content) {
            const bool whole = part.kind == domain::ContentPart::Kind::opaque ||
                               (part.kind == domain::ContentPart::Kind::text && !part.raw.empty());
            if (part.kind == domain::ContentPart::Kind::text && !whole) text += part.text;
            if (!whole) continue;
            write_text();
            writer.raw(part.raw);
        }
        write_text();
        for (const auto& call : message.tool_calls) {
            writer.begin_object().key("type").string("tool_use");
            writer.key("id").string(call.id.empty() ? random_id("toolu_", 24) : call.id).key("name").string(call.name);
            writer.key("input").raw(tool_input_of(call.arguments)).end_object();
        }
    }
    writer.end_array();
    const auto stop_sequence = choice ? std::string_view(choice->stop_sequence) : std::string_view();
    writer.key("stop_reason").string(stop_reason_of(choice ? choice->finish_reason : std::nullopt, stop_sequence));
    writer.key("stop_sequence");
    stop_sequence.empty() ? writer.null() : writer.string(stop_sequence);
    writer.key("usage");
    write_message_usage(writer, response.usage);
    writer.end_object();
    return writer.take();
}

std::string_view anthropic_error_type(unsigned status) noexcept {
    switch (status) {
    case 400: return "invalid_request_error";
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 404: return "not_found_error";
    case 413: return "request_too_large";
    case 429: return "rate_limit_error";
    case 503:
    case 529: return "overloaded_error";
    case 504: return "timeout_error";
    default: return status < 500 ? "invalid_request_error" : "api_error";
    }
}

std::string write_anthropic_error(unsigned status, std::string_view message, std::string_view request_id) {
    JsonWriter writer;
    writer.begin_object().key("type").string("error").key("error").begin_object();
    writer.key("type").string(anthropic_error_type(status)).key("message").string(message);
    writer.end_object().key("request_id").string(request_id).end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
