#include "adapters/openai_format/text_completion_json.hpp"


#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_errors.hpp"
#include "adapters/openai_format/json_fields.hpp"
#include "adapters/openai_format/json_integer.hpp"
#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

namespace {

void write_identity(JsonWriter& writer, const AnswerIdentity& identity) {
    writer.key("id").string(identity.id).key("object").string("text_completion");
    writer.key("created").number(identity.created).key("model").string(identity.model);
}

void write_finish_reason(JsonWriter& writer, const std::optional<domain::FinishReason>& reason) {
    writer.key("finish_reason");
    reason ? writer.string(domain::to_string(*reason)) : writer.null();
}

}  // namespace

domain::Result<domain::TextCompletionRequest> parse_text_completion_request(const json::object& body) {
    domain::TextCompletionRequest request;
    const auto* model = body.if_contains("model");
    if (!model) return missing_parameter("model");
    if (!model->is_string()) return invalid_type("model", "a string", *model);
    request.model = model->get_string();
    const auto* prompt = body.if_contains("prompt");
    if (!prompt) return missing_parameter("prompt");
    if (!prompt->is_string() && !prompt->is_array()) {
        return invalid_type("prompt", "one of a string, an array of strings or token arrays", *prompt);
    }
    request.prompt = json_text(*prompt);
    BOOST_OUTCOME_TRY(request.max_tokens, optional_integer(body, "max_tokens", 0));
    BOOST_OUTCOME_TRY(request.n, optional_integer(body, "n", 1));
    if (const auto* stream = body.if_contains("stream"); stream && !stream->is_null()) {
        if (!stream->is_bool()) return invalid_type("stream", "a boolean", *stream);
        request.stream = stream->get_bool();
    }
    if (const auto* options = body.if_contains("stream_options"); options && options->is_object()) {
        const auto* usage = options->get_object().if_contains("include_usage");
        request.include_usage = usage && usage->is_bool() && usage->get_bool();
    }
    request.extra = unknown_fields(body, {"model", "prompt", "max_tokens", "n", "stream", "stream_options"});
    return request;
}

std::string write_upstream_text_completion_request(const domain::TextCompletionRequest& request,
                                                   std::string_view upstream_model, bool stream) {
    JsonWriter writer;
    writer.begin_object().key("model").string(upstream_model).key("prompt").raw(request.prompt);
    if (request.max_tokens) writer.key("max_tokens").number(*request.max_tokens);
    if (request.n) writer.key("n").number(*request.n);
    write_raw_fields(writer, request.extra);
    if (stream) {
        writer.key("stream").boolean(true);
        writer.key("stream_options").begin_object().key("include_usage").boolean(true).end_object();
    }
    writer.end_object();
    return writer.take();
}

domain::Result<domain::TextCompletionResponse> parse_text_completion_response(const json::object& body) {
    const auto* choices = body.if_contains("choices");
    if (!choices || !choices->is_array()) {
        return domain::make_error(domain::ErrorCode::upstream_error, "The upstream sent a malformed response: no `choices` array.");
    }
    domain::TextCompletionResponse response;
    if (const auto* id = body.if_contains("id"); id && id->is_string()) response.id = id->get_string();
    response.created = integer_at(body, "created");
    for (const auto& item : choices->get_array()) {
        if (!item.is_object()) continue;
        const auto& fields = item.get_object();
        domain::TextChoice choice;
        choice.index = index_at(fields, "index");
        if (const auto* text = fields.if_contains("text"); text && text->is_string()) choice.text = text->get_string();
        if (const auto* finish = fields.if_contains("finish_reason")) choice.finish_reason = parse_finish_reason(*finish);
        choice.extra = unknown_fields(fields, {"index", "text", "finish_reason"});
        response.choices.push_back(std::move(choice));
    }
    if (const auto* usage = body.if_contains("usage"); usage && usage->is_object()) response.usage = parse_usage(usage->get_object());
    return response;
}

std::string write_text_completion_response(const domain::TextCompletionResponse& response,
                                           const AnswerIdentity& identity) {
    JsonWriter writer;
    writer.begin_object();
    write_identity(writer, identity);
    writer.key("choices").begin_array();
    for (const auto& choice : response.choices) {
        writer.begin_object().key("text").string(choice.text).key("index").number(std::int64_t{choice.index});
        if (!has_field(choice.extra, "logprobs")) writer.key("logprobs").null();
        write_finish_reason(writer, choice.finish_reason);
        write_raw_fields(writer, choice.extra);
        writer.end_object();
    }
    writer.end_array().key("usage");
    write_usage(writer, response.usage);
    writer.end_object();
    return writer.take();
}

std::string write_text_completion_chunk(const AnswerIdentity& identity, const domain::StreamChunk& chunk,
                                        bool usage_field) {
    JsonWriter writer;
    writer.begin_object();
    write_identity(writer, identity);
    writer.key("choices").begin_array().begin_object();
    writer.key("text").string(chunk.content.value_or("")).key("index").number(std::int64_t{chunk.choice_index});
    writer.key("logprobs").null();
    write_finish_reason(writer, chunk.finish_reason);
    writer.end_object().end_array();
    if (usage_field) writer.key("usage").null();
    writer.end_object();
    return writer.take();
}

std::string write_text_completion_usage_chunk(const AnswerIdentity& identity, const domain::Usage& usage) {
    JsonWriter writer;
    writer.begin_object();
    write_identity(writer, identity);
    writer.key("choices").begin_array().end_array().key("usage");
    write_usage(writer, usage);
    writer.end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
