#include "adapters/openai_format/message_json.hpp"

#include <algorithm>

#include "adapters/openai_format/json_errors.hpp"
#include "adapters/openai_format/json_fields.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/reasoning_json.hpp"

namespace llmgw::adapters {
namespace json = boost::json;
using domain::ContentPart;

namespace {

domain::Result<domain::Role> parse_role(const json::value& value, const std::string& param) {
    if (!value.is_string()) return invalid_type(param, "a string", value);
    const auto& name = value.get_string();
    for (auto role : {domain::Role::system, domain::Role::developer, domain::Role::user, domain::Role::assistant,
                      domain::Role::tool}) {
        if (name == role_name(role)) return role;
    }
    return invalid_value(param, "'" + std::string(name) +
                                    "' is not one of 'system', 'developer', 'user', 'assistant' and 'tool'.");
}

bool only_keys(const json::object& object, std::initializer_list<std::string_view> keys) {
    return std::all_of(object.begin(), object.end(), [&](const json::key_value_pair& member) {
        return std::find(keys.begin(), keys.end(), member.key()) != keys.end();
    });
}

// A part the gateway can translate becomes typed; anything else, including a
// known type with fields the gateway does not know, is kept whole.
domain::Result<ContentPart> parse_part(const json::value& value, const std::string& param) {
    if (!value.is_object()) return invalid_type(param, "an object", value);
    const auto& object = value.get_object();
    const auto* type = object.if_contains("type");
    if (!type) return missing_parameter(param + ".type");
    if (!type->is_string()) return invalid_type(param + ".type", "a string", *type);

    if (*type == "text" && only_keys(object, {"type", "text"})) {
        const auto* text = object.if_contains("text");
        if (!text) return missing_parameter(param + ".text");
        if (!text->is_string()) return invalid_type(param + ".text", "a string", *text);
        return ContentPart::make_text(std::string(text->get_string()));
    }
    if (*type == "image_url" && only_keys(object, {"type", "image_url"})) {
        const auto* image = object.if_contains("image_url");
        if (!image) return missing_parameter(param + ".image_url");
        if (!image->is_object()) return invalid_type(param + ".image_url", "an object", *image);
        const auto& fields = image->get_object();
        if (only_keys(fields, {"url", "detail"})) {
            const auto* url = fields.if_contains("url");
            if (!url) return missing_parameter(param + ".image_url.url");
            if (!url->is_string()) return invalid_type(param + ".image_url.url", "a string", *url);
            ContentPart part{ContentPart::Kind::image_url, {}, std::string(url->get_string()), {}, {}};
            if (const auto* detail = fields.if_contains("detail"); detail && detail->is_string()) {
                part.image_detail = detail->get_string();
            }
            return part;
        }
    }
    return ContentPart{ContentPart::Kind::opaque, {}, {}, {}, json_text(value)};
}

domain::Result<void> parse_content(const json::value& value, const std::string& param, domain::Message& message) {
    if (value.is_null()) {
        message.content_is_null = true;
        return domain::success();
    }
    if (value.is_string()) {
        message.content.push_back(ContentPart::make_text(std::string(value.get_string())));
        return domain::success();
    }
    if (!value.is_array()) return invalid_type(param, "one of a string or array of objects", value);
    message.content_is_string = false;
    const auto& parts = value.get_array();
    for (std::size_t i = 0; i < parts.size(); ++i) {
        BOOST_OUTCOME_TRY(auto part, parse_part(parts[i], param + "[" + std::to_string(i) + "]"));
        message.content.push_back(std::move(part));
    }
    return domain::success();
}

domain::Result<domain::ToolCall> parse_tool_call(const json::value& value, const std::string& param) {
    if (!value.is_object()) return invalid_type(param, "an object", value);
    const auto& object = value.get_object();
    domain::ToolCall call;
    if (const auto* id = object.if_contains("id"); id && id->is_string()) call.id = id->get_string();
    const auto* function = object.if_contains("function");
    if (!function) return missing_parameter(param + ".function");
    if (!function->is_object()) return invalid_type(param + ".function", "an object", *function);
    const auto* name = function->get_object().if_contains("name");
    if (!name) return missing_parameter(param + ".function.name");
    if (!name->is_string()) return invalid_type(param + ".function.name", "a string", *name);
    call.name = name->get_string();
    if (const auto* arguments = function->get_object().if_contains("arguments")) {
        if (arguments->is_string()) {
            call.arguments = arguments->get_string();
        } else if (!arguments->is_null()) {
            return invalid_type(param + ".function.arguments", "a string", *arguments);
        }
    }
    return call;
}

void write_content(JsonWriter& writer, const domain::Message& message) {
    if (message.content_is_null) {
        writer.null();
        return;
    }
    if (message.content_is_string) {
        writer.string(message.text());
        return;
    }
    writer.begin_array();
    for (const auto& part : message.content) {
        switch (part.kind) {
        case ContentPart::Kind::text:
            writer.begin_object().key("type").string("text").key("text").string(part.text).end_object();
            break;
        case ContentPart::Kind::image_url:
            writer.begin_object().key("type").string("image_url").key("image_url").begin_object();
            writer.key("url").string(part.image_url);
            if (!part.image_detail.empty()) writer.key("detail").string(part.image_detail);
            writer.end_object().end_object();
            break;
        case ContentPart::Kind::opaque: writer.raw(part.raw); break;
        }
    }
    writer.end_array();
}

}  // namespace

std::string_view role_name(domain::Role role) noexcept {
    switch (role) {
    case domain::Role::system: return "system";
    case domain::Role::developer: return "developer";
    case domain::Role::user: return "user";
    case domain::Role::assistant: return "assistant";
    case domain::Role::tool: return "tool";
    }
    return "user";
}

domain::Result<domain::Message> parse_message(const json::value& json, const std::string& path) {
    if (!json.is_object()) return invalid_type(path, "an object", json);
    const auto& object = json.get_object();
    domain::Message message;

    const auto* role = object.if_contains("role");
    if (!role) return missing_parameter(path + ".role");
    BOOST_OUTCOME_TRY(message.role, parse_role(*role, path + ".role"));

    if (const auto* tool_calls = object.if_contains("tool_calls"); tool_calls && !tool_calls->is_null()) {
        if (!tool_calls->is_array()) return invalid_type(path + ".tool_calls", "an array", *tool_calls);
        const auto& calls = tool_calls->get_array();
        for (std::size_t i = 0; i < calls.size(); ++i) {
            BOOST_OUTCOME_TRY(auto call, parse_tool_call(calls[i], path + ".tool_calls[" + std::to_string(i) + "]"));
            message.tool_calls.push_back(std::move(call));
        }
    }

    const auto* content = object.if_contains("content");
    if (content) {
        BOOST_OUTCOME_TRY(parse_content(*content, path + ".content", message));
    } else {
        message.content_is_null = true;
    }
    const bool may_lack_content = message.role == domain::Role::assistant;
    if (message.content_is_null && !may_lack_content) return missing_parameter(path + ".content");

    if (const auto* name = object.if_contains("name"); name && !name->is_null()) {
        if (!name->is_string()) return invalid_type(path + ".name", "a string", *name);
        message.name = name->get_string();
    }
    if (message.role == domain::Role::tool) {
        const auto* id = object.if_contains("tool_call_id");
        if (!id) return missing_parameter(path + ".tool_call_id");
        if (!id->is_string()) return invalid_type(path + ".tool_call_id", "a string", *id);
        message.tool_call_id = id->get_string();
    }
    if (message.role != domain::Role::assistant) {
        message.extra = unknown_fields(object, {"role", "content", "name", "tool_calls", "tool_call_id"});
        return message;
    }
    if (const auto* blocks = object.if_contains("thinking_blocks")) {
        BOOST_OUTCOME_TRY(message.reasoning, parse_thinking_blocks(*blocks, path + ".thinking_blocks"));
    }
    message.extra = unknown_fields(object, {"role", "content", "name", "tool_calls", "tool_call_id", "thinking_blocks"});
    return message;
}

void write_tool_calls(JsonWriter& writer, const std::vector<domain::ToolCall>& calls) {
    writer.begin_array();
    for (const auto& call : calls) {
        writer.begin_object().key("id").string(call.id).key("type").string("function");
        writer.key("function").begin_object().key("name").string(call.name);
        writer.key("arguments").string(call.arguments).end_object().end_object();
    }
    writer.end_array();
}

void write_request_message(JsonWriter& writer, const domain::Message& message) {
    writer.begin_object().key("role").string(role_name(message.role));
    writer.key("content");
    write_content(writer, message);
    if (!message.name.empty()) writer.key("name").string(message.name);
    if (!message.tool_calls.empty()) {
        writer.key("tool_calls");
        write_tool_calls(writer, message.tool_calls);
    }
    if (message.role == domain::Role::tool) writer.key("tool_call_id").string(message.tool_call_id);
    write_raw_fields(writer, message.extra);
    writer.end_object();
}

void write_response_message(JsonWriter& writer, const domain::Message& message) {
    writer.begin_object().key("role").string(role_name(message.role));
    writer.key("content");
    if (message.content.empty()) {
        writer.null();
    } else {
        writer.string(message.text());
    }
    write_reasoning(writer, message.reasoning, "reasoning_content");
    if (!has_field(message.extra, "refusal")) writer.key("refusal").null();
    if (!has_field(message.extra, "annotations")) writer.key("annotations").begin_array().end_array();
    if (!message.tool_calls.empty()) {
        writer.key("tool_calls");
        write_tool_calls(writer, message.tool_calls);
    }
    write_raw_fields(writer, message.extra);
    writer.end_object();
}

}  // namespace llmgw::adapters
