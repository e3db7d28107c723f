#include "adapters/openai_format/chat_response_json.hpp"

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_fields.hpp"
#include "adapters/openai_format/message_json.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

namespace {

std::int64_t nested_count(const json::object& object, std::string_view outer, std::string_view inner) {
    const auto* nested = object_at(object, outer);
    return nested ? count_at(*nested, inner) : 0;
}

domain::Error malformed(std::string_view what) {
    return domain::make_error(domain::ErrorCode::upstream_error,
                              "The upstream sent a malformed response: " + std::string(what) + ".");
}

}  // namespace

std::optional<domain::FinishReason> parse_finish_reason(const json::value& value) {
    if (!value.is_string()) return std::nullopt;
    const auto& text = value.get_string();
    if (text == "length") return domain::FinishReason::length;
    if (text == "tool_calls" || text == "function_call") return domain::FinishReason::tool_calls;
    if (text == "content_filter") return domain::FinishReason::content_filter;
    return domain::FinishReason::stop;
}

domain::Usage parse_usage(const json::object& usage) {
    domain::Usage parsed;
    parsed.prompt_tokens = count_at(usage, "prompt_tokens");
    parsed.completion_tokens = count_at(usage, "completion_tokens");
    parsed.cached_prompt_tokens = nested_count(usage, "prompt_tokens_details", "cached_tokens");
    parsed.reasoning_tokens = nested_count(usage, "completion_tokens_details", "reasoning_tokens");
    return parsed;
}

void write_usage(JsonWriter& writer, const domain::Usage& usage) {
    writer.begin_object();
    writer.key("prompt_tokens").number(usage.prompt_tokens);
    writer.key("completion_tokens").number(usage.completion_tokens);
    writer.key("total_tokens").number(usage.total_tokens());
    writer.key("prompt_tokens_details").begin_object();
    writer.key("cached_tokens").number(usage.cached_prompt_tokens).key("audio_tokens").number(std::int64_t{0});
    writer.end_object();
    writer.key("completion_tokens_details").begin_object();
    writer.key("reasoning_tokens").number(usage.reasoning_tokens).key("audio_tokens").number(std::int64_t{0});
    writer.key("accepted_prediction_tokens").number(std::int64_t{0});
    writer.key("rejected_prediction_tokens").number(std::int64_t{0});
    writer.end_object();
    writer.end_object();
}

domain::Result<domain::ChatResponse> parse_chat_response(const json::object& body) {
    domain::ChatResponse response;
    response.id = string_at(body, "id");
    response.created = integer_at(body, "created");
    response.model = string_at(body, "model");
    const auto* choices = body.if_contains("choices");
    if (!choices || !choices->is_array()) return malformed("no `choices` array");
    for (const auto& item : choices->get_array()) {
        if (!item.is_object()) return malformed("a choice is not an object");
        const auto& fields = item.get_object();
        domain::Choice choice;
        choice.index = static_cast<int>(integer_at(fields, "index"));
        const auto* message = fields.if_contains("message");
        if (!message) return malformed("a choice has no `message`");
        auto parsed = parse_message(*message, "choices[].message");
        if (!parsed) return malformed(parsed.error().message);
        choice.message = std::move(parsed).value();
        if (const auto* finish = fields.if_contains("finish_reason")) choice.finish_reason = parse_finish_reason(*finish);
        choice.extra = unknown_fields(fields, {"index", "message", "finish_reason"});
        response.choices.push_back(std::move(choice));
    }
    if (const auto* usage = body.if_contains("usage"); usage && usage->is_object()) {
        response.usage = parse_usage(usage->get_object());
    }
    response.extra = unknown_fields(body, {"id", "object", "created", "model", "choices", "usage"});
    return response;
}

std::string write_chat_response(const domain::ChatResponse& response, const AnswerIdentity& identity) {
    JsonWriter writer;
    writer.begin_object();
    writer.key("id").string(identity.id).key("object").string("chat.completion");
    writer.key("created").number(identity.created).key("model").string(identity.model);
    writer.key("choices").begin_array();
    for (const auto& choice : response.choices) {
        writer.begin_object().key("index").number(std::int64_t{choice.index});
        writer.key("message");
        write_response_message(writer, choice.message);
        if (!has_field(choice.extra, "logprobs")) writer.key("logprobs").null();
        writer.key("finish_reason");
        if (choice.finish_reason) {
            writer.string(domain::to_string(*choice.finish_reason));
        } else {
            writer.null();
        }
        write_raw_fields(writer, choice.extra);
        writer.end_object();
    }
    writer.end_array();
    writer.key("usage");
    write_usage(writer, response.usage);
    write_raw_fields(writer, response.extra);
    writer.end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
