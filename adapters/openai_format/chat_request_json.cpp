#include "adapters/openai_format/chat_request_json.hpp"

#include <algorithm>

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_errors.hpp"
#include "adapters/openai_format/json_fields.hpp"
#include "adapters/openai_format/json_integer.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/message_json.hpp"
#include "adapters/openai_format/request_fields.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

namespace {

domain::Result<std::optional<domain::MaxTokens>> parse_max_tokens(const json::object& body) {
    std::optional<domain::MaxTokens> result;
    for (const char* name : {"max_tokens", "max_completion_tokens"}) {
        BOOST_OUTCOME_TRY(auto count, optional_integer(body, name, 1));
        if (count) result = domain::MaxTokens{*count, std::string_view(name) == "max_completion_tokens"};
    }
    return result;
}

domain::Result<std::vector<std::string>> parse_stop(const json::object& body) {
    std::vector<std::string> stop;
    const auto* value = given(body, "stop");
    if (!value) return stop;
    if (value->is_string()) {
        stop.emplace_back(value->get_string());
        return stop;
    }
    if (!value->is_array()) return invalid_type("stop", "one of a string or array of strings", *value);
    for (const auto& item : value->get_array()) {
        if (!item.is_string()) return invalid_type("stop", "an array of strings", item);
        stop.emplace_back(item.get_string());
    }
    return stop;
}

domain::Result<domain::ToolDefinition> parse_tool(const json::value& value, const std::string& param) {
    if (!value.is_object()) return invalid_type(param, "an object", value);
    const auto* function = value.get_object().if_contains("function");
    if (!function) return missing_parameter(param + ".function");
    if (!function->is_object()) return invalid_type(param + ".function", "an object", *function);
    const auto& fields = function->get_object();
    domain::ToolDefinition tool;
    const auto* name = fields.if_contains("name");
    if (!name) return missing_parameter(param + ".function.name");
    if (!name->is_string()) return invalid_type(param + ".function.name", "a string", *name);
    tool.name = name->get_string();
    if (const auto* description = given(fields, "description")) {
        if (!description->is_string()) return invalid_type(param + ".function.description", "a string", *description);
        tool.description = description->get_string();
    }
    if (const auto* parameters = given(fields, "parameters")) {
        if (!parameters->is_object()) return invalid_type(param + ".function.parameters", "an object", *parameters);
        tool.parameters = json_text(*parameters);
    }
    if (const auto* strict = given(fields, "strict")) {
        if (!strict->is_bool()) return invalid_type(param + ".function.strict", "a boolean", *strict);
        tool.strict = strict->get_bool();
    }
    return tool;
}

domain::Result<std::optional<domain::ToolChoice>> parse_tool_choice(const json::object& body) {
    using Mode = domain::ToolChoice::Mode;
    const auto* value = given(body, "tool_choice");
    if (!value) return std::optional<domain::ToolChoice>{};
    if (value->is_string()) {
        const auto& text = value->get_string();
        if (text == "auto") return std::optional{domain::ToolChoice{Mode::auto_, {}}};
        if (text == "none") return std::optional{domain::ToolChoice{Mode::none, {}}};
        if (text == "required") return std::optional{domain::ToolChoice{Mode::required, {}}};
        return invalid_value("tool_choice", "expected 'auto', 'none', 'required' or a named function.");
    }
    const json::value* name = nullptr;
    if (value->is_object()) {
        if (const auto* function = value->get_object().if_contains("function"); function && function->is_object()) {
            name = function->get_object().if_contains("name");
        }
    }
    if (!name || !name->is_string()) {
        return invalid_type("tool_choice", "one of a string or {\"type\":\"function\",\"function\":{\"name\":...}}",
                            *value);
    }
    return std::optional{domain::ToolChoice{Mode::named, std::string(name->get_string())}};
}

void write_tool(JsonWriter& writer, const domain::ToolDefinition& tool) {
    writer.begin_object().key("type").string("function").key("function").begin_object();
    writer.key("name").string(tool.name);
    if (!tool.description.empty()) writer.key("description").string(tool.description);
    if (!tool.parameters.empty()) writer.key("parameters").raw(tool.parameters);
    if (tool.strict) writer.key("strict").boolean(*tool.strict);
    writer.end_object().end_object();
}

void write_tool_choice(JsonWriter& writer, const domain::ToolChoice& choice) {
    using Mode = domain::ToolChoice::Mode;
    switch (choice.mode) {
    case Mode::auto_: writer.string("auto"); break;
    case Mode::none: writer.string("none"); break;
    case Mode::required: writer.string("required"); break;
    case Mode::named:
        writer.begin_object().key("type").string("function");
        writer.key("function").begin_object().key("name").string(choice.name).end_object().end_object();
        break;
    }
}

}  // namespace

domain::Result<domain::ChatRequest> parse_chat_request(const json::object& body) {
    domain::ChatRequest request;

    const auto* model = given(body, "model");
    if (!model) return missing_parameter("model");
    if (!model->is_string()) return invalid_type("model", "a string", *model);
    request.model = model->get_string();

    const auto* messages = given(body, "messages");
    if (!messages) return missing_parameter("messages");
    if (!messages->is_array()) return invalid_type("messages", "an array", *messages);
    if (messages->get_array().empty()) return invalid_value("messages", "expected an array with at least 1 message.");
    std::size_t index = 0;
    for (const auto& item : messages->get_array()) {
        BOOST_OUTCOME_TRY(auto message, parse_message(item, "messages[" + std::to_string(index++) + "]"));
        request.messages.push_back(std::move(message));
    }

    BOOST_OUTCOME_TRY(request.temperature, optional_number(body, "temperature"));
    BOOST_OUTCOME_TRY(request.top_p, optional_number(body, "top_p"));
    BOOST_OUTCOME_TRY(request.max_tokens, parse_max_tokens(body));
    BOOST_OUTCOME_TRY(request.n, optional_integer(body, "n", 1));
    BOOST_OUTCOME_TRY(request.stop, parse_stop(body));

    if (const auto* tools = given(body, "tools")) {
        if (!tools->is_array()) return invalid_type("tools", "an array", *tools);
        index = 0;
        for (const auto& item : tools->get_array()) {
            BOOST_OUTCOME_TRY(auto tool, parse_tool(item, "tools[" + std::to_string(index++) + "]"));
            request.tools.push_back(std::move(tool));
        }
    }
    BOOST_OUTCOME_TRY(request.tool_choice, parse_tool_choice(body));
    BOOST_OUTCOME_TRY(request.parallel_tool_calls, optional_bool(body, "parallel_tool_calls"));

    if (const auto* stream = given(body, "stream")) {
        if (!stream->is_bool()) return invalid_type("stream", "a boolean", *stream);
        request.stream = stream->get_bool();
    }
    if (const auto* options = given(body, "stream_options")) {
        if (!options->is_object()) return invalid_type("stream_options", "an object", *options);
        if (const auto* usage = given(options->get_object(), "include_usage")) {
            if (!usage->is_bool()) return invalid_type("stream_options.include_usage", "a boolean", *usage);
            request.include_usage = usage->get_bool();
        }
    }

    request.extra = unknown_fields(body, {"model", "messages", "temperature", "top_p", "max_tokens",
                                          "max_completion_tokens", "n", "stop", "tools", "tool_choice",
                                          "parallel_tool_calls", "stream", "stream_options"});
    return request;
}

namespace {

bool is_image(const domain::ContentPart& part) noexcept { return part.kind == domain::ContentPart::Kind::image_url; }

// Chat Completions takes images from the user alone: a tool result's images
// (Anthropic's tool_result may hold screenshots) follow the turn's results
// in a user message that names the call, and the result keeps its text.
void write_messages(JsonWriter& writer, const std::vector<domain::Message>& messages) {
    domain::Message images{.role = domain::Role::user, .content_is_string = false};
    const auto flush = [&] {
        if (images.content.empty()) return;
        write_request_message(writer, images);
        images.content.clear();
    };
    writer.key("messages").begin_array();
    for (const auto& message : messages) {
        const bool tool_images = message.role == domain::Role::tool &&
                                 std::any_of(message.content.begin(), message.content.end(), is_image);
        if (message.role != domain::Role::tool) flush();
        if (!tool_images) {
            write_request_message(writer, message);
            continue;
        }
        auto result = message;
        std::erase_if(result.content, is_image);
        if (result.content.empty()) result.content.push_back(domain::ContentPart::make_text("(The result is the image below.)"));
        result.content_is_string = false;
        write_request_message(writer, result);
        images.content.push_back(domain::ContentPart::make_text("The images of the result of tool call " + message.tool_call_id + ":"));
        for (const auto& part : message.content) {
            if (is_image(part)) images.content.push_back(part);
        }
    }
    flush();
    writer.end_array();
}

}  // namespace

std::string write_chat_request(const domain::ChatRequest& request, std::string_view upstream_model, bool stream) {
    JsonWriter writer;
    writer.begin_object().key("model").string(upstream_model);
    write_messages(writer, request.messages);
    if (request.temperature) writer.key("temperature").number(*request.temperature);
    if (request.top_p) writer.key("top_p").number(*request.top_p);
    if (request.max_tokens) {
        writer.key(request.max_tokens->from_max_completion_tokens ? "max_completion_tokens" : "max_tokens")
            .number(request.max_tokens->value);
    }
    if (request.n) writer.key("n").number(*request.n);
    if (!request.stop.empty()) {
        writer.key("stop").begin_array();
        for (const auto& stop : request.stop) writer.string(stop);
        writer.end_array();
    }
    if (!request.tools.empty()) {
        writer.key("tools").begin_array();
        for (const auto& tool : request.tools) write_tool(writer, tool);
        writer.end_array();
    }
    if (request.tool_choice) {
        writer.key("tool_choice");
        write_tool_choice(writer, *request.tool_choice);
    }
    if (request.parallel_tool_calls) writer.key("parallel_tool_calls").boolean(*request.parallel_tool_calls);
    if (stream) {
        writer.key("stream").boolean(true);
        writer.key("stream_options").begin_object().key("include_usage").boolean(true).end_object();
    }
    // Another dialect's fields mean nothing to an OpenAI-compatible API.
    if (request.dialect == domain::Dialect::openai) write_raw_fields(writer, request.extra);
    writer.end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
