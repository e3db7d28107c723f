#include "adapters/outbound/anthropic/anthropic_request.hpp"

#include <optional>
#include <vector>

#include <boost/json/parse.hpp>

#include "adapters/common/data_url.hpp"
#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_fields.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/outbound/common/conversation.hpp"

namespace llmgw::adapters {
namespace json = boost::json;
using domain::ContentPart;
using domain::Role;

namespace {

domain::Error unsupported(std::string param, std::string what) {
    return domain::make_error(domain::ErrorCode::invalid_request,
                              "Anthropic models do not support " + what + ".", std::move(param));
}

std::string text_block(std::string_view text, const json::value* cache_control) {
    JsonWriter writer;
    writer.begin_object().key("type").string("text").key("text").string(text);
    if (cache_control) writer.key("cache_control").value(*cache_control);
    writer.end_object();
    return writer.take();
}

domain::Result<std::string> image_block(std::string_view url, const json::value* cache_control,
                                        const std::string& param) {
    JsonWriter writer;
    writer.begin_object().key("type").string("image").key("source").begin_object();
    if (url.starts_with("data:")) {
        const auto data = parse_base64_data_url(url);
        if (!data) {
            return domain::make_error(domain::ErrorCode::invalid_request,
                                      "An image data URL must be base64: data:<media type>;base64,<data>.", param);
        }
        writer.key("type").string("base64").key("media_type").string(data->media_type);
        writer.key("data").string(data->base64_data);
    } else {
        writer.key("type").string("url").key("url").string(url);
    }
    writer.end_object();
    if (cache_control) writer.key("cache_control").value(*cache_control);
    writer.end_object();
    return writer.take();
}

// A part the OpenAI adapter keeps whole: a text or image part with extra
// fields (typically `cache_control`) translates; other part types do not.
domain::Result<std::string> opaque_block(const std::string& raw, const std::string& param) {
    // `raw` is a part the inbound parser already read as an object.
    boost::system::error_code parse_error;
    const auto parsed = json::parse(raw, parse_error);
    if (parse_error || !parsed.is_object()) return unsupported(param, "a content part that is not an object");
    const auto& part = parsed.get_object();
    const auto* type = part.if_contains("type");
    const auto* cache_control = part.if_contains("cache_control");
    if (type && *type == "text") {
        if (const auto* text = part.if_contains("text"); text && text->is_string()) {
            return text_block(text->get_string(), cache_control);
        }
    }
    if (type && *type == "image_url") {
        const auto* image = part.if_contains("image_url");
        const auto* url = image && image->is_object() ? image->get_object().if_contains("url") : nullptr;
        if (url && url->is_string()) return image_block(url->get_string(), cache_control, param);
    }
    return unsupported(param, "content parts of type " + (type ? json_text(*type) : std::string("(none)")));
}

domain::Result<std::vector<std::string>> content_blocks(const domain::Message& message, const std::string& param) {
    std::vector<std::string> blocks;
    for (std::size_t i = 0; i < message.content.size(); ++i) {
        const auto& part = message.content[i];
        const auto part_param = param + "[" + std::to_string(i) + "]";
        switch (part.kind) {
        case ContentPart::Kind::text:
            // Anthropic rejects empty text blocks.
            if (!part.text.empty()) blocks.push_back(text_block(part.text, nullptr));
            break;
        case ContentPart::Kind::image_url: {
            BOOST_OUTCOME_TRY(auto block, image_block(part.image_url, nullptr, part_param));
            blocks.push_back(std::move(block));
            break;
        }
        case ContentPart::Kind::opaque: {
            BOOST_OUTCOME_TRY(auto block, opaque_block(part.raw, part_param));
            blocks.push_back(std::move(block));
            break;
        }
        }
    }
    return blocks;
}

domain::Result<std::string> tool_use_block(const domain::ToolCall& call, const std::string& param) {
    std::string input = call.arguments.empty() ? "{}" : call.arguments;
    boost::system::error_code parse_error;
    const auto parsed = json::parse(input, parse_error);
    if (parse_error || !parsed.is_object()) {
        return domain::make_error(domain::ErrorCode::invalid_request,
                                  "Tool call arguments must be a JSON object for Anthropic models.", param);
    }
    JsonWriter writer;
    writer.begin_object().key("type").string("tool_use").key("id").string(call.id).key("name").string(call.name);
    writer.key("input").value(parsed).end_object();
    return writer.take();
}

domain::Result<std::string> tool_result_block(const domain::ChatRequest& request, std::size_t index,
                                              const std::string& param) {
    const auto& message = request.messages[index];
    BOOST_OUTCOME_TRY(auto blocks, content_blocks(message, param + ".content"));
    JsonWriter writer;
    writer.begin_object().key("type").string("tool_result").key("tool_use_id").string(message.tool_call_id);
    writer.key("content").begin_array();
    for (const auto& block : blocks) writer.raw(block);
    writer.end_array().end_object();
    return writer.take();
}

void write_tool_choice(JsonWriter& writer, const std::optional<domain::ToolChoice>& choice, bool no_parallel_calls) {
    using Mode = domain::ToolChoice::Mode;
    if (!choice && !no_parallel_calls) return;
    writer.key("tool_choice").begin_object();
    switch (choice ? choice->mode : Mode::auto_) {
    case Mode::auto_: writer.key("type").string("auto"); break;
    case Mode::none: writer.key("type").string("none"); break;
    case Mode::required: writer.key("type").string("any"); break;
    case Mode::named: writer.key("type").string("tool").key("name").string(choice->name); break;
    }
    if (no_parallel_calls) writer.key("disable_parallel_tool_use").boolean(true);
    writer.end_object();
}

// The input schema of the JSON-answer tool, or none when the answer is text.
domain::Result<std::optional<std::string>> answer_schema(const domain::ChatRequest& request) {
    const auto* format = find_field(request.extra, "response_format");
    if (!format) return std::optional<std::string>{};
    boost::system::error_code parse_error;
    const auto parsed = json::parse(*format, parse_error);
    const auto* fields = parse_error ? nullptr : parsed.if_object();
    const auto type = fields ? string_at(*fields, "type") : std::string();
    if (type == "text") return std::optional<std::string>{};
    if (type == "json_object") return std::optional<std::string>{R"({"type":"object"})"};
    if (type != "json_schema") {
        return unsupported("response_format", "a response_format other than text, json_object or json_schema");
    }
    const auto* spec = object_at(*fields, "json_schema");
    const auto* schema = spec ? object_at(*spec, "schema") : nullptr;
    if (!schema) return std::optional<std::string>{R"({"type":"object"})"};
    if (string_at(*schema, "type") != "object") {
        return unsupported("response_format", "a json_schema whose top level is not an object");
    }
    return std::optional<std::string>{json_text(*schema)};
}

}  // namespace

bool answers_as_json(const domain::ChatRequest& request) {
    auto schema = answer_schema(request);
    return schema && schema.value().has_value();
}

domain::Result<std::string> write_anthropic_request(const domain::ChatRequest& request, std::string_view model,
                                                    std::int64_t max_tokens_default, bool stream) {
    if (request.n && *request.n != 1) {
        return unsupported("n", "more than one choice (n)");
    }
    if (find_field(request.extra, "reasoning_effort")) {
        // Extended thinking needs its blocks (with their signatures) carried
        // back in later turns, which the gateway cannot do yet: refused
        // rather than dropped.
        return unsupported("reasoning_effort", "reasoning_effort through this gateway yet");
    }
    BOOST_OUTCOME_TRY(auto json_schema, answer_schema(request));
    if (json_schema && !request.tools.empty()) {
        return unsupported("response_format", "response_format together with tools");
    }

    static const ConversationDialect dialect{"user", "assistant", content_blocks, tool_use_block, tool_result_block};
    BOOST_OUTCOME_TRY(auto conversation, build_conversation(request, dialect));

    JsonWriter writer;
    writer.begin_object().key("model").string(model);
    writer.key("max_tokens").number(request.max_tokens ? request.max_tokens->value : max_tokens_default);
    if (!conversation.system.empty()) {
        writer.key("system").begin_array();
        for (const auto& block : conversation.system) writer.raw(block);
        writer.end_array();
    }
    writer.key("messages");
    write_turns(writer, conversation.turns, "content");
    if (request.temperature) writer.key("temperature").number(*request.temperature);
    if (request.top_p) writer.key("top_p").number(*request.top_p);
    if (!request.stop.empty()) {
        writer.key("stop_sequences").begin_array();
        for (const auto& stop : request.stop) writer.string(stop);
        writer.end_array();
    }
    if (!request.tools.empty()) {
        writer.key("tools").begin_array();
        for (const auto& tool : request.tools) {
            writer.begin_object().key("name").string(tool.name);
            if (!tool.description.empty()) writer.key("description").string(tool.description);
            writer.key("input_schema").raw(tool.parameters.empty() ? R"({"type":"object"})" : tool.parameters);
            writer.end_object();
        }
        writer.end_array();
    }
    if (json_schema) {
        writer.key("tools").begin_array().begin_object().key("name").string(json_answer_tool);
        writer.key("description").string("Give the answer as this tool's input, a JSON value matching its schema.");
        writer.key("input_schema").raw(*json_schema).end_object().end_array();
        writer.key("tool_choice").begin_object().key("type").string("tool").key("name").string(json_answer_tool);
        writer.end_object();
    }
    const auto* parallel = find_field(request.extra, "parallel_tool_calls");
    write_tool_choice(writer, request.tool_choice, parallel && *parallel == "false" && !request.tools.empty());
    if (const auto* user = find_field(request.extra, "user")) {
        writer.key("metadata").begin_object().key("user_id").raw(*user).end_object();
    }
    if (stream) writer.key("stream").boolean(true);
    writer.end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
