#include "adapters/outbound/openai/responses_wire.hpp"

#include <array>

#include <boost/json/parse.hpp>

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/message_json.hpp"
#include "adapters/outbound/common/builtin_tools.hpp"

namespace llmgw::adapters {
namespace json = boost::json;
using domain::ContentPart;
using domain::Role;

namespace {

domain::Error unsupported(std::string param, std::string_view what) {
    return domain::make_error(domain::ErrorCode::invalid_request,
                              "A deployment on the Responses API does not support " + std::string(what) + ".",
                              std::move(param));
}

// Chat fields the Responses API has nothing for.
constexpr std::array<std::string_view, 11> refused_fields{"seed",   "logit_bias", "frequency_penalty", "presence_penalty",
                                                          "logprobs", "audio",    "modalities",        "prediction",
                                                          "functions", "function_call", "web_search_options"};
// Chat fields that are the gateway's own business, or that this writer
// always sets.
constexpr std::array<std::string_view, 3> dropped_fields{"stream_options", "store", "include"};

// A user's or a tool result's part as an input part.
domain::Result<void> write_input_part(JsonWriter& writer, const ContentPart& part, const std::string& param) {
    switch (part.kind) {
    case ContentPart::Kind::text:
        writer.begin_object().key("type").string("input_text").key("text").string(part.text).end_object();
        return domain::success();
    case ContentPart::Kind::image_url:
        writer.begin_object().key("type").string("input_image").key("image_url").string(part.image_url);
        writer.key("detail").string(part.image_detail.empty() ? "auto" : part.image_detail).end_object();
        return domain::success();
    case ContentPart::Kind::opaque: break;
    }
    // A chat `file` part ({"type":"file","file":{file_data|file_id, filename}}) is an input_file.
    std::error_code failed;
    const auto raw = json::parse(part.raw, failed);
    const auto* object = failed ? nullptr : raw.if_object();
    const auto* file = object && string_at(*object, "type") == "file" ? object_at(*object, "file") : nullptr;
    if (!file) return unsupported(param, "content parts of this type");
    writer.begin_object().key("type").string("input_file");
    for (const auto* field : {"file_data", "file_id", "filename"}) {
        if (const auto* value = file->if_contains(field); value && value->is_string()) writer.key(field).value(*value);
    }
    writer.end_object();
    return domain::success();
}

domain::Result<void> write_input_parts(JsonWriter& writer, const domain::Message& message, const std::string& param) {
    writer.begin_array();
    for (std::size_t i = 0; i < message.content.size(); ++i) {
        BOOST_OUTCOME_TRY(write_input_part(writer, message.content[i], param + ".content[" + std::to_string(i) + "]"));
    }
    writer.end_array();
    return domain::success();
}

bool text_only(const domain::Message& message) {
    for (const auto& part : message.content) {
        if (part.kind != ContentPart::Kind::text) return false;
    }
    return true;
}

// An assistant turn: its reasoning (the blocks this API gave, by their
// ids: another provider's thinking means nothing here), its text, its calls.
void write_assistant_turn(JsonWriter& writer, const domain::Message& message) {
    for (const auto& block : message.reasoning) {
        if (block.id.empty()) continue;
        writer.begin_object().key("type").string("reasoning").key("id").string(block.id);
        writer.key("summary").begin_array();
        if (!block.text.empty()) {
            writer.begin_object().key("type").string("summary_text").key("text").string(block.text).end_object();
        }
        writer.end_array();
        const auto& encrypted = block.redacted.empty() ? block.signature : block.redacted;
        if (!encrypted.empty()) writer.key("encrypted_content").string(encrypted);
        writer.end_object();
    }
    if (const auto text = message.text(); !text.empty()) {
        writer.begin_object().key("type").string("message").key("role").string("assistant");
        writer.key("content").string(text).end_object();
    }
    for (const auto& call : message.tool_calls) {
        writer.begin_object().key("type").string("function_call").key("call_id").string(call.id);
        writer.key("name").string(call.name).key("arguments").string(call.arguments).end_object();
    }
}

domain::Result<void> write_input(JsonWriter& writer, const std::vector<domain::Message>& messages) {
    writer.key("input").begin_array();
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const auto& message = messages[i];
        const auto param = "messages[" + std::to_string(i) + "]";
        switch (message.role) {
        case Role::assistant: write_assistant_turn(writer, message); break;
        case Role::tool:
            writer.begin_object().key("type").string("function_call_output").key("call_id").string(message.tool_call_id);
            writer.key("output");
            // A result with images goes as parts; a text one as its text.
            if (text_only(message)) {
                writer.string(message.text());
            } else {
                BOOST_OUTCOME_TRY(write_input_parts(writer, message, param));
            }
            writer.end_object();
            break;
        case Role::system:
        case Role::developer:
        case Role::user:
            writer.begin_object().key("type").string("message").key("role").string(role_name(message.role));
            writer.key("content");
            BOOST_OUTCOME_TRY(write_input_parts(writer, message, param));
            writer.end_object();
            break;
        }
    }
    writer.end_array();
    return domain::success();
}

void write_tools(JsonWriter& writer, const domain::ChatRequest& request) {
    if (!request.tools.empty()) {
        writer.key("tools").begin_array();
        for (const auto& tool : request.tools) {
            if (!tool.builtin.empty()) {
                writer.raw(tool.builtin);
                continue;
            }
            writer.begin_object().key("type").string("function").key("name").string(tool.name);
            if (!tool.description.empty()) writer.key("description").string(tool.description);
            if (!tool.parameters.empty()) writer.key("parameters").raw(tool.parameters);
            if (tool.strict) writer.key("strict").boolean(*tool.strict);
            writer.end_object();
        }
        writer.end_array();
    }
    if (request.tool_choice) {
        using Mode = domain::ToolChoice::Mode;
        writer.key("tool_choice");
        switch (request.tool_choice->mode) {
        case Mode::auto_: writer.string("auto"); break;
        case Mode::none: writer.string("none"); break;
        case Mode::required: writer.string("required"); break;
        case Mode::named:
            writer.begin_object().key("type").string("function").key("name").string(request.tool_choice->name).end_object();
            break;
        }
    }
    if (request.parallel_tool_calls) writer.key("parallel_tool_calls").boolean(*request.parallel_tool_calls);
}

// response_format (JSON text) as text.format.
domain::Result<void> write_text_format(JsonWriter& writer, std::string_view response_format) {
    std::error_code failed;
    const auto parsed = json::parse(response_format, failed);
    const auto* format = failed ? nullptr : parsed.if_object();
    const auto type = format ? string_at(*format, "type") : std::string();
    if (type == "text" || type == "json_object") {
        writer.key("format").begin_object().key("type").string(type).end_object();
        return domain::success();
    }
    const auto* spec = type == "json_schema" ? object_at(*format, "json_schema") : nullptr;
    if (!spec) return unsupported("response_format", "a response_format other than text, json_object or json_schema");
    writer.key("format").begin_object().key("type").string("json_schema");
    for (const auto& [name, value] : *spec) writer.key(name).value(value);
    writer.end_object();
    return domain::success();
}

// The pass-through fields of an OpenAI-dialect request, in the Responses
// API's places.
domain::Result<void> write_extra(JsonWriter& writer, const domain::ChatRequest& request) {
    if (request.dialect != domain::Dialect::openai) return domain::success();
    const std::string* response_format = nullptr;
    const std::string* verbosity = nullptr;
    for (const auto& field : request.extra) {
        const auto& [name, value] = field;
        const auto is = [&field](std::string_view known) { return field.first == known; };
        if (std::any_of(refused_fields.begin(), refused_fields.end(), is)) return unsupported(name, "`" + name + "`");
        if (std::any_of(dropped_fields.begin(), dropped_fields.end(), is)) continue;
        if (name == "response_format") {
            response_format = &value;
        } else if (name == "verbosity") {
            verbosity = &value;
        } else if (name == "reasoning_effort") {
            // Summaries too: the reasoning the caller may read.
            writer.key("reasoning").begin_object().key("effort").raw(value).key("summary").string("auto").end_object();
        } else {
            writer.key(name).raw(value);
        }
    }
    if (response_format || verbosity) {
        writer.key("text").begin_object();
        if (response_format) {
            BOOST_OUTCOME_TRY(write_text_format(writer, *response_format));
        }
        if (verbosity) writer.key("verbosity").raw(*verbosity);
        writer.end_object();
    }
    return domain::success();
}

domain::Usage responses_usage(const json::object& usage) {
    domain::Usage counted;
    counted.prompt_tokens = count_at(usage, "input_tokens");
    counted.completion_tokens = count_at(usage, "output_tokens");
    if (const auto* input = object_at(usage, "input_tokens_details")) counted.cached_prompt_tokens = count_at(*input, "cached_tokens");
    if (const auto* output = object_at(usage, "output_tokens_details")) {
        counted.reasoning_tokens = count_at(*output, "reasoning_tokens");
    }
    return counted;
}

// A reasoning item's text (its summary, else its content) and encrypted
// content as a block; none for an empty one.
std::optional<domain::ReasoningBlock> reasoning_of(const json::object& item) {
    domain::ReasoningBlock block;
    block.id = string_at(item, "id");
    for (const auto* field : {"summary", "content"}) {
        const auto* parts = array_at(item, field);
        if (!parts || !block.text.empty()) continue;
        for (const auto& part : *parts) {
            if (const auto* object = part.if_object()) block.text += string_at(*object, "text");
        }
    }
    auto encrypted = string_at(item, "encrypted_content");
    (block.text.empty() ? block.redacted : block.signature) = std::move(encrypted);
    if (block.text.empty() && block.redacted.empty()) return std::nullopt;
    return block;
}

// How a finished response ended.
domain::FinishReason finish_of(const json::object& response, bool called) {
    if (string_at(response, "status") == "incomplete") {
        const auto* details = object_at(response, "incomplete_details");
        const auto reason = details ? string_at(*details, "reason") : std::string();
        return reason == "content_filter" ? domain::FinishReason::content_filter : domain::FinishReason::length;
    }
    return called ? domain::FinishReason::tool_calls : domain::FinishReason::stop;
}

domain::Error failure_of(const json::object* error) {
    const auto code = error ? string_at(*error, "code") : std::string();
    const auto message = error ? string_at(*error, "message") : std::string("unknown error");
    auto failure = domain::make_error(domain::ErrorCode::upstream_error,
                                      "The upstream provider's response failed (" + code + "): " + message);
    failure.transient = code == "server_error" || code == "rate_limit_exceeded";
    return failure;
}

}  // namespace

domain::Result<std::string> write_responses_upstream_request(const domain::ChatRequest& request,
                                                             std::string_view upstream_model, bool stream) {
    BOOST_OUTCOME_TRY(refuse_builtin_tools(request, domain::Dialect::openai));
    if (request.n && *request.n > 1) return unsupported("n", "more than one choice (n > 1)");
    if (!request.stop.empty()) return unsupported("stop", "stop sequences");
    JsonWriter writer;
    writer.begin_object().key("model").string(upstream_model);
    BOOST_OUTCOME_TRY(write_input(writer, request.messages));
    if (request.temperature) writer.key("temperature").number(*request.temperature);
    if (request.top_p) writer.key("top_p").number(*request.top_p);
    if (request.max_tokens) writer.key("max_output_tokens").number(request.max_tokens->value);
    write_tools(writer, request);
    BOOST_OUTCOME_TRY(write_extra(writer, request));
    writer.key("store").boolean(false);
    writer.key("include").begin_array().string("reasoning.encrypted_content").end_array();
    if (stream) writer.key("stream").boolean(true);
    writer.end_object();
    return writer.take();
}

domain::Result<domain::ChatResponse> parse_responses_upstream_response(const json::object& body) {
    if (string_at(body, "status") == "failed") return failure_of(object_at(body, "error"));
    domain::ChatResponse response;
    response.id = string_at(body, "id");
    response.model = string_at(body, "model");
    response.created = integer_at(body, "created_at");
    domain::Choice choice;
    auto& message = choice.message;
    message.role = Role::assistant;
    std::string refusal;
    if (const auto* output = array_at(body, "output")) {
        for (const auto& value : *output) {
            const auto* item = value.if_object();
            if (!item) continue;
            const auto type = string_at(*item, "type");
            if (type == "reasoning") {
                if (auto block = reasoning_of(*item)) message.reasoning.push_back(std::move(*block));
            } else if (type == "function_call") {
                message.tool_calls.push_back(
                    {string_at(*item, "call_id"), string_at(*item, "name"), string_at(*item, "arguments")});
            } else if (const auto* parts = type == "message" ? array_at(*item, "content") : nullptr) {
                for (const auto& part : *parts) {
                    const auto* object = part.if_object();
                    if (!object) continue;
                    if (string_at(*object, "type") == "output_text") {
                        message.content.push_back(ContentPart::make_text(string_at(*object, "text")));
                    } else if (string_at(*object, "type") == "refusal") {
                        refusal += string_at(*object, "refusal");
                    }
                }
            }
        }
    }
    message.content_is_null = message.content.empty();
    if (!refusal.empty()) message.extra.emplace_back("refusal", json_text(json::value(refusal)));
    choice.finish_reason = finish_of(body, !message.tool_calls.empty());
    response.choices.push_back(std::move(choice));
    if (const auto* usage = object_at(body, "usage")) response.usage = responses_usage(*usage);
    return response;
}

domain::Result<std::vector<domain::StreamChunk>> ResponsesStreamTranslation::on_event(const SseEvent& event) {
    BOOST_OUTCOME_TRY(auto data, event_object(provider_, event));
    const auto type = string_at(data, "type");
    std::vector<domain::StreamChunk> chunks;
    domain::StreamChunk chunk;
    if (type == "response.created") {
        if (const auto* response = object_at(data, "response")) {
            summary_.id = string_at(*response, "id");
            summary_.model = string_at(*response, "model");
        }
        chunk.role = Role::assistant;
        chunk.content = std::string();
    } else if (type == "response.output_text.delta") {
        chunk.content = string_at(data, "delta");
    } else if (type == "response.refusal.delta") {
        chunk.refusal = string_at(data, "delta");
    } else if (type == "response.reasoning_summary_text.delta" || type == "response.reasoning_text.delta") {
        chunk.reasoning = string_at(data, "delta");
    } else if (type == "response.output_item.added" || type == "response.output_item.done") {
        const auto* item = object_at(data, "item");
        const auto item_type = item ? string_at(*item, "type") : std::string();
        if (item_type == "function_call" && type == "response.output_item.added") {
            const int call = static_cast<int>(call_of_item_.size());
            call_of_item_.emplace(string_at(*item, "id"), call);
            called_ = true;
            chunk.tool_calls.push_back({call, string_at(*item, "call_id"), string_at(*item, "name"), ""});
        } else if (item_type == "reasoning" && type == "response.output_item.done") {
            if (auto block = reasoning_of(*item)) chunk.reasoning_blocks.push_back(std::move(*block));
        } else {
            return chunks;
        }
    } else if (type == "response.function_call_arguments.delta") {
        const auto call = call_of_item_.find(string_at(data, "item_id"));
        auto arguments = string_at(data, "delta");
        if (call == call_of_item_.end() || arguments.empty()) return chunks;
        chunk.tool_calls.push_back({call->second, "", "", std::move(arguments)});
    } else if (type == "response.completed" || type == "response.incomplete") {
        const auto* response = object_at(data, "response");
        if (const auto* usage = response ? object_at(*response, "usage") : nullptr) {
            summary_.usage = responses_usage(*usage);
            summary_.usage_reported = true;
        }
        chunk.finish_reason = response ? finish_of(*response, called_) : domain::FinishReason::stop;
        done_ = true;
    } else if (type == "response.failed") {
        const auto* response = object_at(data, "response");
        return failure_of(response ? object_at(*response, "error") : nullptr);
    } else if (type == "error") {
        return failure_of(&data);
    } else {
        return chunks;
    }
    chunks.push_back(std::move(chunk));
    return chunks;
}

}  // namespace llmgw::adapters
