#include "adapters/outbound/gemini/gemini_request.hpp"

#include <string_view>
#include <vector>

#include <boost/json/parse.hpp>

#include "adapters/common/data_url.hpp"
#include "adapters/openai_format/json_fields.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/outbound/common/builtin_tools.hpp"
#include "adapters/outbound/common/conversation.hpp"

namespace llmgw::adapters {
namespace json = boost::json;
using domain::ContentPart;
using domain::Role;

namespace {

domain::Error invalid(std::string param, std::string message) {
    return domain::make_error(domain::ErrorCode::invalid_request, std::move(message), std::move(param));
}

std::string text_part(std::string_view text) {
    JsonWriter writer;
    writer.begin_object().key("text").string(text).end_object();
    return writer.take();
}

// Gemini wants a MIME type for files given by URL; images are all it gets here.
std::string_view image_type_of(std::string_view url) {
    const auto path = url.substr(0, url.find('?'));
    if (path.ends_with(".png")) return "image/png";
    if (path.ends_with(".webp")) return "image/webp";
    if (path.ends_with(".gif")) return "image/gif";
    if (path.ends_with(".heic")) return "image/heic";
    return "image/jpeg";
}

domain::Result<std::string> image_part(std::string_view url, const std::string& param) {
    JsonWriter writer;
    writer.begin_object();
    if (url.starts_with("data:")) {
        const auto data = parse_base64_data_url(url);
        if (!data) return invalid(param, "An image data URL must be base64: data:<media type>;base64,<data>.");
        writer.key("inlineData").begin_object().key("mimeType").string(data->media_type);
        writer.key("data").string(data->base64_data).end_object();
    } else {
        writer.key("fileData").begin_object().key("mimeType").string(image_type_of(url));
        writer.key("fileUri").string(url).end_object();
    }
    writer.end_object();
    return writer.take();
}

domain::Result<std::vector<std::string>> content_parts(const domain::Message& message, const std::string& param) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < message.content.size(); ++i) {
        const auto& part = message.content[i];
        const auto part_param = param + "[" + std::to_string(i) + "]";
        switch (part.kind) {
        case ContentPart::Kind::text:
            if (!part.text.empty()) parts.push_back(text_part(part.text));
            break;
        case ContentPart::Kind::image_url: {
            BOOST_OUTCOME_TRY(auto image, image_part(part.image_url, part_param));
            parts.push_back(std::move(image));
            break;
        }
        case ContentPart::Kind::opaque:
            return invalid(part_param, "Gemini models do not support this content part: " + part.raw.substr(0, 60));
        }
    }
    return parts;
}

domain::Result<std::string> function_call_part(const domain::ToolCall& call, const std::string& param) {
    boost::system::error_code parse_error;
    const auto args = json::parse(call.arguments.empty() ? std::string_view("{}") : call.arguments, parse_error);
    if (parse_error || !args.is_object()) return invalid(param, "Tool call arguments must be a JSON object for Gemini models.");
    JsonWriter writer;
    writer.begin_object().key("functionCall").begin_object().key("name").string(call.name);
    writer.key("args").value(args).end_object().end_object();
    return writer.take();
}

// Gemini matches a function's response to its call by name, which OpenAI's
// tool message does not carry: find it among the calls made before.
domain::Result<std::string> function_response_part(const domain::ChatRequest& request, std::size_t index,
                                                   const std::string& param) {
    const auto& message = request.messages[index];
    std::string name;
    for (std::size_t i = index; i-- > 0 && name.empty();) {
        for (const auto& call : request.messages[i].tool_calls) {
            if (call.id == message.tool_call_id) name = call.name;
        }
    }
    if (name.empty()) {
        return invalid(param + ".tool_call_id", "No earlier assistant message made the tool call `" +
                                                    message.tool_call_id + "` this message answers.");
    }
    const auto text = message.text();
    boost::system::error_code parse_error;
    const auto parsed = json::parse(text, parse_error);
    JsonWriter writer;
    writer.begin_object().key("functionResponse").begin_object().key("name").string(name).key("response");
    if (!parse_error && parsed.is_object()) {
        writer.value(parsed);
    } else {
        writer.begin_object().key("result").string(text).end_object();
    }
    writer.end_object().end_object();
    return writer.take();
}

domain::Result<void> write_response_format(JsonWriter& writer, const std::string* format) {
    if (!format) return domain::success();
    const auto parsed = json::parse(*format);
    const auto* type = parsed.is_object() ? parsed.get_object().if_contains("type") : nullptr;
    if (!type || *type == "text") return domain::success();
    if (*type == "json_object") {
        writer.key("responseMimeType").string("application/json");
        return domain::success();
    }
    if (*type == "json_schema") {
        const auto* spec = parsed.get_object().if_contains("json_schema");
        const auto* schema = spec && spec->is_object() ? spec->get_object().if_contains("schema") : nullptr;
        writer.key("responseMimeType").string("application/json");
        // JSON Schema as the client wrote it (zod output: $schema,
        // additionalProperties, $ref/$defs), which `responseSchema` (an
        // OpenAPI subset) rejects with 400 "Unknown name".
        if (schema) writer.key("responseJsonSchema").value(*schema);
        return domain::success();
    }
    return invalid("response_format", "Gemini models support response_format text, json_object and json_schema.");
}

// OpenAI's reasoning_effort as a Gemini thinking budget (tokens); thoughts
// come back counted as reasoning tokens.
domain::Result<void> write_thinking(JsonWriter& writer, const std::string* effort) {
    if (!effort) return domain::success();
    std::int64_t budget = -1;
    if (*effort == R"("none")" || *effort == R"("minimal")") budget = 0;
    if (*effort == R"("low")") budget = 1024;
    if (*effort == R"("medium")") budget = 8192;
    if (*effort == R"("high")") budget = 24576;
    if (budget < 0) return invalid("reasoning_effort", "Gemini models take reasoning_effort 'none', 'minimal', 'low', 'medium' or 'high'.");
    writer.key("thinkingConfig").begin_object().key("thinkingBudget").number(budget).end_object();
    return domain::success();
}

domain::Result<void> write_generation_config(JsonWriter& writer, const domain::ChatRequest& request) {
    writer.key("generationConfig").begin_object();
    if (request.temperature) writer.key("temperature").number(*request.temperature);
    if (request.top_p) writer.key("topP").number(*request.top_p);
    if (request.top_k) writer.key("topK").number(*request.top_k);
    if (request.max_tokens) writer.key("maxOutputTokens").number(request.max_tokens->value);
    if (!request.stop.empty()) {
        writer.key("stopSequences").begin_array();
        for (const auto& stop : request.stop) writer.string(stop);
        writer.end_array();
    }
    if (request.n) writer.key("candidateCount").number(*request.n);
    if (const auto* seed = openai_field(request, "seed")) writer.key("seed").raw(*seed);
    BOOST_OUTCOME_TRY(write_response_format(writer, openai_field(request, "response_format")));
    BOOST_OUTCOME_TRY(write_thinking(writer, openai_field(request, "reasoning_effort")));
    writer.end_object();
    return domain::success();
}

void write_tools(JsonWriter& writer, const domain::ChatRequest& request) {
    using Mode = domain::ToolChoice::Mode;
    if (request.tools.empty()) return;
    writer.key("tools").begin_array().begin_object().key("functionDeclarations").begin_array();
    for (const auto& tool : request.tools) {
        writer.begin_object().key("name").string(tool.name);
        if (!tool.description.empty()) writer.key("description").string(tool.description);
        // JSON Schema as given; `parameters` takes only an OpenAPI subset.
        if (!tool.parameters.empty()) writer.key("parametersJsonSchema").raw(tool.parameters);
        writer.end_object();
    }
    writer.end_array().end_object().end_array();
    if (!request.tool_choice) return;
    writer.key("toolConfig").begin_object().key("functionCallingConfig").begin_object();
    switch (request.tool_choice->mode) {
    case Mode::auto_: writer.key("mode").string("AUTO"); break;
    case Mode::none: writer.key("mode").string("NONE"); break;
    case Mode::required: writer.key("mode").string("ANY"); break;
    case Mode::named:
        writer.key("mode").string("ANY").key("allowedFunctionNames").begin_array().string(request.tool_choice->name).end_array();
        break;
    }
    writer.end_object().end_object();
}

}  // namespace

domain::Result<std::string> write_gemini_request(const domain::ChatRequest& request) {
    BOOST_OUTCOME_TRY(refuse_builtin_tools(request));
    static const ConversationDialect dialect{"user", "model", content_parts, function_call_part, function_response_part};
    BOOST_OUTCOME_TRY(auto conversation, build_conversation(request, dialect));

    JsonWriter writer;
    writer.begin_object().key("contents");
    write_turns(writer, conversation.turns, "parts");
    if (!conversation.system.empty()) {
        writer.key("systemInstruction").begin_object().key("parts").begin_array();
        for (const auto& part : conversation.system) writer.raw(part);
        writer.end_array().end_object();
    }
    BOOST_OUTCOME_TRY(write_generation_config(writer, request));
    write_tools(writer, request);
    writer.end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
