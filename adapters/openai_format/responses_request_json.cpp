#include "adapters/openai_format/responses_request_json.hpp"

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_errors.hpp"
#include "adapters/openai_format/json_fields.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/request_fields.hpp"

namespace llmgw::adapters {
namespace json = boost::json;
using domain::ContentPart;
using domain::Message;
using domain::Role;

namespace {

domain::Result<Role> role_of(const json::object& item, const std::string& param) {
    BOOST_OUTCOME_TRY(auto name, required_string(item, "role", param));
    if (name == "user") return Role::user;
    if (name == "assistant") return Role::assistant;
    if (name == "system") return Role::system;
    if (name == "developer") return Role::developer;
    return invalid_value(param + ".role", "'" + name + "' is not one of 'user', 'assistant', 'system' and 'developer'.");
}

domain::Result<ContentPart> content_part(const json::value& value, const std::string& param) {
    if (!value.is_object()) return invalid_type(param, "an object", value);
    const auto& part = value.get_object();
    BOOST_OUTCOME_TRY(auto type, required_string(part, "type", param));
    if (type == "input_text" || type == "output_text") {
        BOOST_OUTCOME_TRY(auto text, required_string(part, "text", param));
        return ContentPart::make_text(std::move(text));
    }
    if (type == "input_image") {
        ContentPart image{.kind = ContentPart::Kind::image_url};
        BOOST_OUTCOME_TRY(image.image_url, required_string(part, "image_url", param));
        if (const auto* detail = given(part, "detail"); detail && detail->is_string()) image.image_detail = detail->get_string();
        return image;
    }
    return invalid_value(param + ".type", "the gateway takes input_text, input_image and output_text parts, not '" +
                                              type + "'.");
}

domain::Result<void> content_of(const json::value& value, const std::string& param, Message& message) {
    if (value.is_string()) {
        message.content.push_back(ContentPart::make_text(std::string(value.get_string())));
        return domain::success();
    }
    if (!value.is_array()) return invalid_type(param, "a string or an array of content parts", value);
    message.content_is_string = false;
    const auto& parts = value.get_array();
    for (std::size_t i = 0; i < parts.size(); ++i) {
        BOOST_OUTCOME_TRY(auto part, content_part(parts[i], element_of(param, i)));
        message.content.push_back(std::move(part));
    }
    return domain::success();
}

// The input's items as chat messages: consecutive function calls (and the
// reasoning before them) make one assistant turn, as a model wrote them.
class Conversation {
public:
    explicit Conversation(std::vector<Message>& messages) : messages_(messages) {}

    domain::Result<void> add(const json::value& value, const std::string& param) {
        if (!value.is_object()) return invalid_type(param, "an object", value);
        const auto& item = value.get_object();
        const auto* type_value = given(item, "type");
        const std::string type = type_value && type_value->is_string() ? std::string(type_value->get_string()) : "message";
        if (type == "message") return add_message(item, param);
        if (type == "function_call") return add_call(item, param);
        if (type == "function_call_output") return add_output(item, param);
        if (type == "reasoning") return add_reasoning(item, param);
        return invalid_value(param + ".type", "the gateway takes message, function_call, function_call_output and "
                                              "reasoning items, not '" + type + "'.");
    }

private:
    domain::Result<void> add_message(const json::object& item, const std::string& param) {
        Message message;
        BOOST_OUTCOME_TRY(message.role, role_of(item, param));
        const auto* content = given(item, "content");
        if (!content) return missing_parameter(param + ".content");
        BOOST_OUTCOME_TRY(content_of(*content, param + ".content", message));
        if (message.role == Role::assistant) {
            message.reasoning = std::move(reasoning_);
            reasoning_.clear();
        }
        messages_.push_back(std::move(message));
        return domain::success();
    }

    domain::Result<void> add_call(const json::object& item, const std::string& param) {
        domain::ToolCall call;
        BOOST_OUTCOME_TRY(call.id, required_string(item, "call_id", param));
        BOOST_OUTCOME_TRY(call.name, required_string(item, "name", param));
        BOOST_OUTCOME_TRY(call.arguments, required_string(item, "arguments", param));
        // A call right after the assistant's text or calls belongs to that turn.
        const bool continues = !messages_.empty() && messages_.back().role == Role::assistant && reasoning_.empty();
        if (!continues) {
            Message turn{.role = Role::assistant, .content_is_null = true};
            turn.reasoning = std::move(reasoning_);
            reasoning_.clear();
            messages_.push_back(std::move(turn));
        }
        messages_.back().tool_calls.push_back(std::move(call));
        return domain::success();
    }

    domain::Result<void> add_output(const json::object& item, const std::string& param) {
        Message result{.role = Role::tool};
        BOOST_OUTCOME_TRY(result.tool_call_id, required_string(item, "call_id", param));
        const auto* output = given(item, "output");
        if (!output) return missing_parameter(param + ".output");
        BOOST_OUTCOME_TRY(content_of(*output, param + ".output", result));
        messages_.push_back(std::move(result));
        return domain::success();
    }

    // A reasoning item precedes the turn it reasoned for. Its text is in
    // `content` (reasoning_text parts) or, from OpenAI's own models, only
    // summarised; `encrypted_content` is what the provider wants back.
    domain::Result<void> add_reasoning(const json::object& item, const std::string& param) {
        domain::ReasoningBlock block;
        for (const auto* field : {"content", "summary"}) {
            const auto* parts = array_at(item, field);
            if (!parts || !block.text.empty()) continue;
            for (const auto& part : *parts) {
                if (part.is_object()) block.text += string_at(part.get_object(), "text");
            }
        }
        const auto* encrypted = given(item, "encrypted_content");
        if (encrypted && !encrypted->is_string()) {
            return invalid_type(param + ".encrypted_content", "a string", *encrypted);
        }
        auto proof = encrypted ? std::string(encrypted->get_string()) : std::string();
        if (block.text.empty()) {
            block.redacted = std::move(proof);
        } else {
            block.signature = std::move(proof);
        }
        block.id = string_at(item, "id");
        if (!block.text.empty() || !block.redacted.empty()) reasoning_.push_back(std::move(block));
        return domain::success();
    }

    std::vector<Message>& messages_;
    std::vector<domain::ReasoningBlock> reasoning_;
};

domain::Result<void> parse_input(const json::object& body, const json::array& history, std::vector<Message>& messages) {
    Conversation conversation(messages);
    for (std::size_t i = 0; i < history.size(); ++i) {
        BOOST_OUTCOME_TRY(conversation.add(history[i], element_of("previous_response_id", i)));
    }
    const auto* input = given(body, "input");
    if (!input) return missing_parameter("input");
    if (input->is_string()) {
        messages.push_back(Message{.role = Role::user, .content = {ContentPart::make_text(std::string(input->get_string()))}});
        return domain::success();
    }
    if (!input->is_array()) return invalid_type("input", "a string or an array of items", *input);
    if (input->get_array().empty()) return invalid_value("input", "expected at least one item.");
    const auto& items = input->get_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
        BOOST_OUTCOME_TRY(conversation.add(items[i], element_of("input", i)));
    }
    return domain::success();
}

domain::Result<domain::ToolDefinition> parse_tool(const json::value& value, const std::string& param) {
    if (!value.is_object()) return invalid_type(param, "an object", value);
    const auto& tool = value.get_object();
    BOOST_OUTCOME_TRY(auto type, required_string(tool, "type", param));
    domain::ToolDefinition definition;
    // A built-in tool (web_search, file_search, code_interpreter, ...) goes
    // as it is to a deployment on the Responses API; any other refuses it.
    if (type != "function") {
        definition.name = std::move(type);
        definition.builtin = json_text(value);
        return definition;
    }
    BOOST_OUTCOME_TRY(definition.name, required_string(tool, "name", param));
    if (const auto* description = given(tool, "description"); description && description->is_string()) {
        definition.description = description->get_string();
    }
    if (const auto* parameters = given(tool, "parameters")) {
        if (!parameters->is_object()) return invalid_type(param + ".parameters", "an object", *parameters);
        definition.parameters = json_text(*parameters);
    }
    BOOST_OUTCOME_TRY(definition.strict, optional_bool(tool, "strict"));
    return definition;
}

domain::Result<std::optional<domain::ToolChoice>> parse_tool_choice(const json::object& body) {
    using Mode = domain::ToolChoice::Mode;
    const auto* value = given(body, "tool_choice");
    if (!value) return std::optional<domain::ToolChoice>{};
    if (value->is_string()) {
        const auto& mode = value->get_string();
        if (mode == "auto") return std::optional{domain::ToolChoice{Mode::auto_, {}}};
        if (mode == "none") return std::optional{domain::ToolChoice{Mode::none, {}}};
        if (mode == "required") return std::optional{domain::ToolChoice{Mode::required, {}}};
        return invalid_value("tool_choice", "expected 'auto', 'none', 'required' or a function.");
    }
    if (!value->is_object()) return invalid_type("tool_choice", "a string or an object", *value);
    BOOST_OUTCOME_TRY(auto type, required_string(value->get_object(), "type", "tool_choice"));
    if (type != "function") return invalid_value("tool_choice.type", "the gateway takes 'function' tool choices.");
    BOOST_OUTCOME_TRY(auto name, required_string(value->get_object(), "name", "tool_choice"));
    return std::optional{domain::ToolChoice{Mode::named, std::move(name)}};
}

// text.format as the chat API's response_format.
domain::Result<void> parse_text_format(const json::object& body, domain::RawJsonFields& extra) {
    const auto* text = given(body, "text");
    if (!text) return domain::success();
    if (!text->is_object()) return invalid_type("text", "an object", *text);
    const auto* format = given(text->get_object(), "format");
    if (!format) return domain::success();
    if (!format->is_object()) return invalid_type("text.format", "an object", *format);
    const auto& fields = format->get_object();
    BOOST_OUTCOME_TRY(auto type, required_string(fields, "type", "text.format"));
    if (type == "text") return domain::success();
    JsonWriter writer;
    if (type == "json_object") {
        writer.begin_object().key("type").string("json_object").end_object();
    } else if (type == "json_schema") {
        BOOST_OUTCOME_TRY(auto name, required_string(fields, "name", "text.format"));
        const auto* schema = given(fields, "schema");
        if (!schema) return missing_parameter("text.format.schema");
        if (!schema->is_object()) return invalid_type("text.format.schema", "an object", *schema);
        writer.begin_object().key("type").string("json_schema").key("json_schema").begin_object();
        writer.key("name").string(name).key("schema").value(*schema);
        for (const auto* field : {"strict", "description"}) {
            if (const auto* member = given(fields, field)) writer.key(field).value(*member);
        }
        writer.end_object().end_object();
    } else {
        return invalid_value("text.format.type", "expected 'text', 'json_object' or 'json_schema'.");
    }
    extra.emplace_back("response_format", writer.take());
    return domain::success();
}

domain::Result<void> parse_reasoning(const json::object& body, domain::RawJsonFields& extra) {
    const auto* reasoning = given(body, "reasoning");
    if (!reasoning) return domain::success();
    if (!reasoning->is_object()) return invalid_type("reasoning", "an object", *reasoning);
    if (const auto* effort = given(reasoning->get_object(), "effort")) {
        if (!effort->is_string()) return invalid_type("reasoning.effort", "a string", *effort);
        extra.emplace_back("reasoning_effort", json_text(*effort));
    }
    return domain::success();
}

}  // namespace

domain::Result<domain::ChatRequest> parse_responses_request(const json::object& body, const json::array& history) {
    domain::ChatRequest request;
    BOOST_OUTCOME_TRY(request.model, required_string(body, "model", ""));
    if (const auto* instructions = given(body, "instructions")) {
        if (!instructions->is_string()) return invalid_type("instructions", "a string", *instructions);
        request.messages.push_back(
            Message{.role = Role::system, .content = {ContentPart::make_text(std::string(instructions->get_string()))}});
    }
    BOOST_OUTCOME_TRY(parse_input(body, history, request.messages));

    BOOST_OUTCOME_TRY(request.temperature, optional_number(body, "temperature"));
    BOOST_OUTCOME_TRY(request.top_p, optional_number(body, "top_p"));
    BOOST_OUTCOME_TRY(auto limit, optional_integer(body, "max_output_tokens", 1));
    if (limit) request.max_tokens = domain::MaxTokens{*limit, true};
    if (const auto* tools = given(body, "tools")) {
        if (!tools->is_array()) return invalid_type("tools", "an array", *tools);
        const auto& items = tools->get_array();
        for (std::size_t i = 0; i < items.size(); ++i) {
            BOOST_OUTCOME_TRY(auto tool, parse_tool(items[i], element_of("tools", i)));
            request.tools.push_back(std::move(tool));
        }
    }
    BOOST_OUTCOME_TRY(request.tool_choice, parse_tool_choice(body));
    BOOST_OUTCOME_TRY(request.parallel_tool_calls, optional_bool(body, "parallel_tool_calls"));
    BOOST_OUTCOME_TRY(auto stream, optional_bool(body, "stream"));
    request.stream = stream.value_or(false);

    BOOST_OUTCOME_TRY(parse_text_format(body, request.extra));
    BOOST_OUTCOME_TRY(parse_reasoning(body, request.extra));
    // The rest passes on, as chat requests' fields do, but for what only
    // the Responses API knows.
    auto rest = unknown_fields(body, {"model", "input", "instructions", "temperature", "top_p", "max_output_tokens",
                                      "tools", "tool_choice", "parallel_tool_calls", "stream", "text", "reasoning",
                                      "previous_response_id", "store", "include", "truncation", "metadata", "background",
                                      "conversation", "stream_options", "max_tool_calls", "prompt"});
    for (auto& field : rest) request.extra.push_back(std::move(field));
    return request;
}

}  // namespace llmgw::adapters
