#include "adapters/anthropic_format/messages_request_json.hpp"

#include <boost/json/parse.hpp>

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_errors.hpp"
#include "adapters/openai_format/json_fields.hpp"
#include "adapters/openai_format/reasoning_json.hpp"
#include "adapters/openai_format/request_fields.hpp"

namespace llmgw::adapters {
namespace json = boost::json;
using domain::ContentPart;
using domain::Message;
using domain::Role;

namespace {

std::string cache_control_of(const json::object& block) {
    const auto* mark = given(block, "cache_control");
    return mark ? json_text(*mark) : std::string();
}

domain::Error unsupported_block(const std::string& param, std::string_view type) {
    return invalid_value(param + ".type", "the gateway does not translate '" + std::string(type) +
                                              "' blocks; send text, image, tool_use, tool_result or thinking blocks.");
}

domain::Result<ContentPart> text_part(const json::object& block, const std::string& param) {
    BOOST_OUTCOME_TRY(auto text, required_string(block, "text", param));
    auto part = ContentPart::make_text(std::move(text));
    part.cache_control = cache_control_of(block);
    return part;
}

// An image as a URL: Anthropic's base64 source becomes a data: URL, which
// every outbound adapter reads back.
domain::Result<ContentPart> image_part(const json::object& block, const std::string& param) {
    const auto* source = given(block, "source");
    if (!source) return missing_parameter(param + ".source");
    if (!source->is_object()) return invalid_type(param + ".source", "an object", *source);
    const auto& fields = source->get_object();
    BOOST_OUTCOME_TRY(auto type, required_string(fields, "type", param + ".source"));
    ContentPart part{.kind = ContentPart::Kind::image_url};
    if (type == "base64") {
        BOOST_OUTCOME_TRY(auto media_type, required_string(fields, "media_type", param + ".source"));
        BOOST_OUTCOME_TRY(auto data, required_string(fields, "data", param + ".source"));
        part.image_url = "data:" + media_type + ";base64," + data;
    } else if (type == "url") {
        BOOST_OUTCOME_TRY(part.image_url, required_string(fields, "url", param + ".source"));
    } else {
        return invalid_value(param + ".source.type", "expected 'base64' or 'url'.");
    }
    part.cache_control = cache_control_of(block);
    return part;
}

// The content of a tool_result: a string, or text and image blocks (and
// blocks only Anthropic takes, whole).
domain::Result<Message> tool_result(const json::object& block, const std::string& param) {
    Message message{.role = Role::tool};
    BOOST_OUTCOME_TRY(message.tool_call_id, required_string(block, "tool_use_id", param));
    BOOST_OUTCOME_TRY(auto failed, optional_bool(block, "is_error"));
    message.tool_failed = failed.value_or(false);
    const auto* content = given(block, "content");
    if (!content) return message;
    if (content->is_string()) {
        message.content.push_back(ContentPart::make_text(std::string(content->get_string())));
        return message;
    }
    if (!content->is_array()) return invalid_type(param + ".content", "a string or an array of blocks", *content);
    message.content_is_string = false;
    const auto& blocks = content->get_array();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto item_param = element_of(param + ".content", i);
        if (!blocks[i].is_object()) return invalid_type(item_param, "an object", blocks[i]);
        const auto& item = blocks[i].get_object();
        BOOST_OUTCOME_TRY(auto type, required_string(item, "type", item_param));
        if (type == "text") {
            BOOST_OUTCOME_TRY(auto part, text_part(item, item_param));
            message.content.push_back(std::move(part));
        } else if (type == "image") {
            BOOST_OUTCOME_TRY(auto part, image_part(item, item_param));
            message.content.push_back(std::move(part));
        } else if (is_anthropic_only_block(type)) {
            message.content.push_back(ContentPart{.kind = ContentPart::Kind::opaque, .raw = json_text(blocks[i])});
        } else {
            return unsupported_block(item_param, type);
        }
    }
    return message;
}

domain::Result<domain::ToolCall> tool_use(const json::object& block, const std::string& param) {
    domain::ToolCall call;
    BOOST_OUTCOME_TRY(call.id, required_string(block, "id", param));
    BOOST_OUTCOME_TRY(call.name, required_string(block, "name", param));
    const auto* input = given(block, "input");
    if (!input) return missing_parameter(param + ".input");
    if (!input->is_object()) return invalid_type(param + ".input", "an object", *input);
    call.arguments = json_text(*input);
    return call;
}

// One turn of `messages`: a user turn may become several messages (its tool
// results first, then what else it says).
domain::Result<void> parse_turn(const json::value& value, const std::string& param, std::vector<Message>& into) {
    if (!value.is_object()) return invalid_type(param, "an object", value);
    const auto& turn = value.get_object();
    BOOST_OUTCOME_TRY(auto role_name, required_string(turn, "role", param));
    if (role_name != "user" && role_name != "assistant") {
        return invalid_value(param + ".role", "'" + role_name + "' is not one of 'user' and 'assistant'.");
    }
    Message message{.role = role_name == "user" ? Role::user : Role::assistant};
    const auto* content = given(turn, "content");
    if (!content) return missing_parameter(param + ".content");
    if (content->is_string()) {
        message.content.push_back(ContentPart::make_text(std::string(content->get_string())));
        into.push_back(std::move(message));
        return domain::success();
    }
    if (!content->is_array()) return invalid_type(param + ".content", "a string or an array of blocks", *content);
    message.content_is_string = false;
    const bool user = message.role == Role::user;
    const auto& blocks = content->get_array();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto block_param = element_of(param + ".content", i);
        if (!blocks[i].is_object()) return invalid_type(block_param, "an object", blocks[i]);
        const auto& block = blocks[i].get_object();
        BOOST_OUTCOME_TRY(auto type, required_string(block, "type", block_param));
        if (type == "text") {
            BOOST_OUTCOME_TRY(auto part, text_part(block, block_param));
            message.content.push_back(std::move(part));
        } else if (type == "image" && user) {
            BOOST_OUTCOME_TRY(auto part, image_part(block, block_param));
            message.content.push_back(std::move(part));
        } else if (type == "tool_result" && user) {
            BOOST_OUTCOME_TRY(auto result, tool_result(block, block_param));
            into.push_back(std::move(result));
        } else if (type == "tool_use" && !user) {
            BOOST_OUTCOME_TRY(auto call, tool_use(block, block_param));
            message.tool_calls.push_back(std::move(call));
        } else if ((type == "thinking" || type == "redacted_thinking") && !user) {
            BOOST_OUTCOME_TRY(auto reasoning, parse_thinking_block(block, block_param));
            message.reasoning.push_back(std::move(reasoning));
        } else if (is_anthropic_only_block(type)) {
            message.content.push_back(ContentPart{.kind = ContentPart::Kind::opaque, .raw = json_text(blocks[i])});
        } else {
            return unsupported_block(block_param, type);
        }
    }
    // A turn of tool results alone has nothing more to say.
    if (user && message.content.empty() && !into.empty() && into.back().role == Role::tool) return domain::success();
    message.content_is_null = message.content.empty() && !message.tool_calls.empty();
    into.push_back(std::move(message));
    return domain::success();
}

domain::Result<void> parse_system(const json::object& body, std::vector<Message>& into) {
    const auto* system = given(body, "system");
    if (!system) return domain::success();
    Message message{.role = Role::system};
    if (system->is_string()) {
        message.content.push_back(ContentPart::make_text(std::string(system->get_string())));
        into.push_back(std::move(message));
        return domain::success();
    }
    if (!system->is_array()) return invalid_type("system", "a string or an array of text blocks", *system);
    message.content_is_string = false;
    const auto& blocks = system->get_array();
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const auto param = element_of("system", i);
        if (!blocks[i].is_object()) return invalid_type(param, "an object", blocks[i]);
        BOOST_OUTCOME_TRY(auto type, required_string(blocks[i].get_object(), "type", param));
        if (type != "text") return invalid_value(param + ".type", "system blocks must be 'text'.");
        BOOST_OUTCOME_TRY(auto part, text_part(blocks[i].get_object(), param));
        message.content.push_back(std::move(part));
    }
    if (!message.content.empty()) into.push_back(std::move(message));
    return domain::success();
}

domain::Result<domain::ToolDefinition> parse_tool(const json::value& value, const std::string& param) {
    if (!value.is_object()) return invalid_type(param, "an object", value);
    const auto& tool = value.get_object();
    domain::ToolDefinition definition;
    // Anthropic's server tools (web search, code execution, ...) run at
    // Anthropic: they go as they are to an Anthropic deployment, and any
    // other refuses them.
    if (const auto* type = given(tool, "type"); type && *type != "custom") {
        if (!type->is_string()) return invalid_type(param + ".type", "a string", *type);
        const auto* name = given(tool, "name");
        definition.name = name && name->is_string() ? std::string(name->get_string()) : std::string(type->get_string());
        definition.builtin = json_text(value);
        return definition;
    }
    BOOST_OUTCOME_TRY(definition.name, required_string(tool, "name", param));
    if (const auto* description = given(tool, "description")) {
        if (!description->is_string()) return invalid_type(param + ".description", "a string", *description);
        definition.description = description->get_string();
    }
    const auto* schema = given(tool, "input_schema");
    if (!schema) return missing_parameter(param + ".input_schema");
    if (!schema->is_object()) return invalid_type(param + ".input_schema", "an object", *schema);
    definition.parameters = json_text(*schema);
    definition.cache_control = cache_control_of(tool);
    return definition;
}

domain::Result<void> parse_tool_choice(const json::object& body, domain::ChatRequest& request) {
    const auto* value = given(body, "tool_choice");
    if (!value) return domain::success();
    if (!value->is_object()) return invalid_type("tool_choice", "an object", *value);
    const auto& choice = value->get_object();
    BOOST_OUTCOME_TRY(auto type, required_string(choice, "type", "tool_choice"));
    using Mode = domain::ToolChoice::Mode;
    domain::ToolChoice parsed;
    if (type == "auto") {
        parsed.mode = Mode::auto_;
    } else if (type == "any") {
        parsed.mode = Mode::required;
    } else if (type == "none") {
        parsed.mode = Mode::none;
    } else if (type == "tool") {
        parsed.mode = Mode::named;
        BOOST_OUTCOME_TRY(parsed.name, required_string(choice, "name", "tool_choice"));
    } else {
        return invalid_value("tool_choice.type", "expected 'auto', 'any', 'tool' or 'none'.");
    }
    request.tool_choice = parsed;
    BOOST_OUTCOME_TRY(auto one_at_a_time, optional_bool(choice, "disable_parallel_tool_use"));
    if (one_at_a_time && *one_at_a_time) request.parallel_tool_calls = false;
    return domain::success();
}

domain::Result<std::vector<std::string>> parse_stop_sequences(const json::object& body) {
    std::vector<std::string> stop;
    const auto* value = given(body, "stop_sequences");
    if (!value) return stop;
    if (!value->is_array()) return invalid_type("stop_sequences", "an array of strings", *value);
    for (const auto& item : value->get_array()) {
        if (!item.is_string()) return invalid_type("stop_sequences", "an array of strings", item);
        stop.emplace_back(item.get_string());
    }
    return stop;
}

}  // namespace

bool is_anthropic_only_block(std::string_view type) noexcept {
    return type == "document" || type == "search_result" || type == "server_tool_use" || type == "mcp_tool_use" ||
           type == "container_upload" || (type.ends_with("_tool_result") && type != "tool_result");
}

domain::Result<domain::ChatRequest> parse_messages_request(const json::object& body, MaxTokensRule max_tokens) {
    domain::ChatRequest request;
    request.dialect = domain::Dialect::anthropic;
    BOOST_OUTCOME_TRY(request.model, required_string(body, "model", ""));

    BOOST_OUTCOME_TRY(auto limit, optional_integer(body, "max_tokens", 1));
    if (!limit && max_tokens == MaxTokensRule::required) return missing_parameter("max_tokens");
    // OpenAI's newer models take only max_completion_tokens, and every
    // OpenAI-compatible server takes it.
    if (limit) request.max_tokens = domain::MaxTokens{*limit, true};

    BOOST_OUTCOME_TRY(parse_system(body, request.messages));
    const auto* messages = given(body, "messages");
    if (!messages) return missing_parameter("messages");
    if (!messages->is_array()) return invalid_type("messages", "an array", *messages);
    if (messages->get_array().empty()) return invalid_value("messages", "expected an array with at least 1 message.");
    const auto& turns = messages->get_array();
    for (std::size_t i = 0; i < turns.size(); ++i) {
        BOOST_OUTCOME_TRY(parse_turn(turns[i], element_of("messages", i), request.messages));
    }

    BOOST_OUTCOME_TRY(request.temperature, optional_number(body, "temperature"));
    BOOST_OUTCOME_TRY(request.top_p, optional_number(body, "top_p"));
    BOOST_OUTCOME_TRY(request.top_k, optional_integer(body, "top_k", 1));
    BOOST_OUTCOME_TRY(request.stop, parse_stop_sequences(body));
    if (const auto* tools = given(body, "tools")) {
        if (!tools->is_array()) return invalid_type("tools", "an array", *tools);
        const auto& items = tools->get_array();
        for (std::size_t i = 0; i < items.size(); ++i) {
            BOOST_OUTCOME_TRY(auto tool, parse_tool(items[i], element_of("tools", i)));
            request.tools.push_back(std::move(tool));
        }
    }
    BOOST_OUTCOME_TRY(parse_tool_choice(body, request));
    BOOST_OUTCOME_TRY(auto stream, optional_bool(body, "stream"));
    request.stream = stream.value_or(false);

    request.extra = unknown_fields(body, {"model", "max_tokens", "system", "messages", "temperature", "top_p", "top_k",
                                          "stop_sequences", "tools", "tool_choice", "stream"});
    return request;
}

}  // namespace llmgw::adapters
