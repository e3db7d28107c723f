#include "adapters/outbound/anthropic/anthropic_request.hpp"

#include <algorithm>
#include <optional>
#include <vector>

#include <boost/json/parse.hpp>

#include "adapters/common/data_url.hpp"
#include "adapters/anthropic_format/messages_request_json.hpp"
#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_fields.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/reasoning_json.hpp"
#include "adapters/outbound/common/builtin_tools.hpp"
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

// `cache_control` is JSON text, empty for none.
std::string text_block(std::string_view text, std::string_view cache_control) {
    JsonWriter writer;
    writer.begin_object().key("type").string("text").key("text").string(text);
    if (!cache_control.empty()) writer.key("cache_control").raw(cache_control);
    writer.end_object();
    return writer.take();
}

domain::Result<std::string> image_block(std::string_view url, std::string_view cache_control,
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
    if (!cache_control.empty()) writer.key("cache_control").raw(cache_control);
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
    // A document, a search result, or a server tool's call or result from an
    // earlier turn, as the client sent it.
    if (type && type->is_string() && is_anthropic_only_block(type->get_string())) return raw;
    const auto* cache_mark = part.if_contains("cache_control");
    const auto cache_control = cache_mark ? json_text(*cache_mark) : std::string();
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
    // An assistant turn starts with its reasoning, as the model wrote it.
    for (const auto& block : message.reasoning) {
        JsonWriter writer;
        write_reasoning_block(writer, block);
        blocks.push_back(writer.take());
    }
    for (std::size_t i = 0; i < message.content.size(); ++i) {
        const auto& part = message.content[i];
        const auto part_param = param + "[" + std::to_string(i) + "]";
        switch (part.kind) {
        case ContentPart::Kind::text:
            // Anthropic rejects empty text blocks.
            if (!part.text.empty()) blocks.push_back(text_block(part.text, part.cache_control));
            break;
        case ContentPart::Kind::image_url: {
            BOOST_OUTCOME_TRY(auto block, image_block(part.image_url, part.cache_control, part_param));
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
    if (message.tool_failed) writer.key("is_error").boolean(true);
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
    const auto* format = openai_field(request, "response_format");
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

struct Thinking {
    bool on = false;
    std::int64_t budget_tokens = 0;  // budget mode
    std::string_view effort;         // adaptive mode
};

// The effort's share of max_tokens (per mille) and its adaptive level.
struct EffortLevel {
    std::string_view name;
    std::int64_t per_mille;
    std::string_view adaptive;
};
constexpr EffortLevel effort_levels[] = {{"minimal", 100, "low"},
                                         {"low", 200, "low"},
                                         {"medium", 500, "medium"},
                                         {"high", 800, "high"},
                                         {"xhigh", 950, "max"}};
constexpr std::int64_t min_budget_tokens = 1024;  // Anthropic's floor
constexpr std::int64_t max_budget_tokens = 32000;

// Whether the request answers tool calls of an assistant message that came
// without its reasoning blocks: thinking cannot resume that turn.
bool continues_unreasoned_tool_turn(const domain::ChatRequest& request) {
    const auto& messages = request.messages;
    std::size_t last = messages.size();
    while (last > 0 && messages[last - 1].role == Role::tool) --last;
    if (last == messages.size() || last == 0) return false;
    const auto& caller = messages[last - 1];
    return caller.role == Role::assistant && !caller.tool_calls.empty() && caller.reasoning.empty();
}

domain::Result<Thinking> thinking_of(const domain::ChatRequest& request, const AnthropicModelOptions& options,
                                     std::int64_t max_tokens, bool json_answer) {
    const auto* effort = openai_field(request, "reasoning_effort");
    if (!effort || *effort == "null" || *effort == R"("none")") return Thinking{};
    const EffortLevel* level = nullptr;
    for (const auto& candidate : effort_levels) {
        if (*effort == "\"" + std::string(candidate.name) + "\"") level = &candidate;
    }
    if (!level) {
        return domain::make_error(domain::ErrorCode::invalid_request,
                                  "reasoning_effort must be one of 'none', 'minimal', 'low', 'medium', 'high' and 'xhigh'.",
                                  "reasoning_effort");
    }
    if (request.temperature && *request.temperature != 1.0) {
        return unsupported("temperature", "a temperature other than 1 with reasoning_effort (extended thinking)");
    }
    if (request.top_p && *request.top_p < 0.95) {
        return unsupported("top_p", "a top_p below 0.95 with reasoning_effort (extended thinking)");
    }
    using Mode = domain::ToolChoice::Mode;
    if (request.tool_choice && (request.tool_choice->mode == Mode::required || request.tool_choice->mode == Mode::named)) {
        return unsupported("tool_choice", "a forced tool_choice with reasoning_effort (extended thinking)");
    }
    if (json_answer) return unsupported("response_format", "response_format together with reasoning_effort");
    if (continues_unreasoned_tool_turn(request)) return Thinking{};
    if (options.thinking == AnthropicThinking::adaptive) return Thinking{.on = true, .effort = level->adaptive};
    if (max_tokens <= min_budget_tokens) {
        return unsupported("max_tokens", "max_tokens of 1024 or less with reasoning_effort (thinking needs at least 1024)");
    }
    const auto share = max_tokens * level->per_mille / 1000;  // limits.max_output_tokens keeps it small
    return Thinking{.on = true, .budget_tokens = std::clamp(share, min_budget_tokens, max_budget_tokens)};
}

void write_thinking(JsonWriter& writer, const Thinking& thinking) {
    if (!thinking.on) return;
    writer.key("thinking").begin_object();
    if (thinking.effort.empty()) {
        writer.key("type").string("enabled").key("budget_tokens").number(thinking.budget_tokens).end_object();
        return;
    }
    writer.key("type").string("adaptive").end_object();
    writer.key("output_config").begin_object().key("effort").string(thinking.effort).end_object();
}

}  // namespace

AnthropicThinking default_thinking(std::string_view upstream_model) noexcept {
    // Also inside platform ids such as anthropic.claude-sonnet-4-5-20250929-v1:0.
    const auto at = upstream_model.find("claude-");
    if (at == std::string_view::npos) return AnthropicThinking::adaptive;
    auto rest = upstream_model.substr(at + 7);
    if (rest.starts_with("3")) return AnthropicThinking::budget;
    for (std::string_view family : {"opus-4", "sonnet-4", "haiku-4"}) {
        if (!rest.starts_with(family)) continue;
        rest.remove_prefix(family.size());
        if (rest.empty()) return AnthropicThinking::budget;
        if (!rest.starts_with("-")) return AnthropicThinking::adaptive;
        rest.remove_prefix(1);
        const auto minor = rest.substr(0, rest.find('-'));
        // 4.0 (or a dated claude-sonnet-4-20250514), 4.1 and 4.5.
        const bool early = minor == "0" || minor == "1" || minor == "5" || minor.starts_with("20");
        return early ? AnthropicThinking::budget : AnthropicThinking::adaptive;
    }
    return AnthropicThinking::adaptive;
}

bool answers_as_json(const domain::ChatRequest& request) {
    auto schema = answer_schema(request);
    return schema && schema.value().has_value();
}

domain::Result<std::string> write_anthropic_request(const domain::ChatRequest& request, std::string_view model,
                                                    const AnthropicModelOptions& options, bool stream) {
    BOOST_OUTCOME_TRY(refuse_builtin_tools(request, domain::Dialect::anthropic));
    if (request.n && *request.n != 1) {
        return unsupported("n", "more than one choice (n)");
    }
    BOOST_OUTCOME_TRY(auto json_schema, answer_schema(request));
    if (json_schema && !request.tools.empty()) {
        return unsupported("response_format", "response_format together with tools");
    }
    const auto max_tokens = request.max_tokens ? request.max_tokens->value : options.max_tokens_default;
    BOOST_OUTCOME_TRY(const auto thinking, thinking_of(request, options, max_tokens, json_schema.has_value()));

    static const ConversationDialect dialect{"user", "assistant", content_blocks, tool_use_block, tool_result_block};
    BOOST_OUTCOME_TRY(auto conversation, build_conversation(request, dialect));

    JsonWriter writer;
    writer.begin_object().key("model").string(model);
    writer.key("max_tokens").number(max_tokens);
    write_thinking(writer, thinking);
    if (!conversation.system.empty()) {
        writer.key("system").begin_array();
        for (const auto& block : conversation.system) writer.raw(block);
        writer.end_array();
    }
    writer.key("messages");
    write_turns(writer, conversation.turns, "content");
    if (request.temperature) writer.key("temperature").number(*request.temperature);
    if (request.top_p) writer.key("top_p").number(*request.top_p);
    if (request.top_k) writer.key("top_k").number(*request.top_k);
    if (!request.stop.empty()) {
        writer.key("stop_sequences").begin_array();
        for (const auto& stop : request.stop) writer.string(stop);
        writer.end_array();
    }
    if (!request.tools.empty()) {
        writer.key("tools").begin_array();
        for (const auto& tool : request.tools) {
            if (!tool.builtin.empty()) {
                writer.raw(tool.builtin);
                continue;
            }
            writer.begin_object().key("name").string(tool.name);
            if (!tool.description.empty()) writer.key("description").string(tool.description);
            writer.key("input_schema").raw(tool.parameters.empty() ? R"({"type":"object"})" : tool.parameters);
            if (!tool.cache_control.empty()) writer.key("cache_control").raw(tool.cache_control);
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
    write_tool_choice(writer, request.tool_choice, request.parallel_tool_calls == false && !request.tools.empty());
    if (const auto* user = openai_field(request, "user")) {
        writer.key("metadata").begin_object().key("user_id").raw(*user).end_object();
    }
    // A request in Anthropic's own dialect keeps every field the gateway does
    // not translate (thinking, metadata, service_tier, ...), verbatim.
    if (request.dialect == domain::Dialect::anthropic) write_raw_fields(writer, request.extra);
    if (stream) writer.key("stream").boolean(true);
    writer.end_object();
    return writer.take();
}

}  // namespace llmgw::adapters
