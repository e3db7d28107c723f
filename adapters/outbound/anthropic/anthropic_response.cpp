#include "adapters/outbound/anthropic/anthropic_response.hpp"

#include <utility>

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/reasoning_json.hpp"
#include "adapters/outbound/anthropic/anthropic_request.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

std::optional<domain::FinishReason> anthropic_finish_reason(const json::value& stop_reason) {
    if (!stop_reason.is_string()) return std::nullopt;
    const auto& reason = stop_reason.get_string();
    if (reason == "max_tokens") return domain::FinishReason::length;
    if (reason == "tool_use") return domain::FinishReason::tool_calls;
    if (reason == "refusal") return domain::FinishReason::content_filter;
    return domain::FinishReason::stop;
}

bool is_provider_block(std::string_view type) noexcept {
    return !type.empty() && type != "text" && type != "thinking" && type != "redacted_thinking" && type != "tool_use";
}

domain::Usage anthropic_usage(const json::object& usage) {
    domain::Usage parsed;
    parsed.cached_prompt_tokens = count_at(usage, "cache_read_input_tokens");
    parsed.cache_write_prompt_tokens = count_at(usage, "cache_creation_input_tokens");
    parsed.prompt_tokens = count_at(usage, "input_tokens") + parsed.cached_prompt_tokens + parsed.cache_write_prompt_tokens;
    parsed.completion_tokens = count_at(usage, "output_tokens");
    return parsed;
}

domain::Result<domain::ChatResponse> parse_anthropic_response(const json::object& message, bool json_answer) {
    const auto* content = message.if_contains("content");
    if (!content || !content->is_array()) {
        return domain::make_error(domain::ErrorCode::upstream_error,
                                  "The upstream sent a malformed response: no `content` array.");
    }
    domain::ChatResponse response;
    response.id = string_at(message, "id");
    domain::Choice choice;
    choice.message.role = domain::Role::assistant;
    std::string text;
    auto& parts = choice.message.content;
    for (const auto& item : content->get_array()) {
        if (!item.is_object()) continue;
        const auto& block = item.get_object();
        const auto type = string_at(block, "type");
        const auto* citations = type == "text" ? array_at(block, "citations") : nullptr;
        if (type == "text" && citations && !citations->empty()) {
            // Its text, and the block whole for a client that reads the citations.
            if (!text.empty()) parts.push_back(domain::ContentPart::make_text(std::exchange(text, {})));
            auto cited = domain::ContentPart::make_text(string_at(block, "text"));
            cited.raw = json_text(item);
            parts.push_back(std::move(cited));
        } else if (type == "text") {
            text += string_at(block, "text");
        } else if (is_provider_block(type)) {
            // A server tool's call or result, kept whole where it stood.
            if (!text.empty()) parts.push_back(domain::ContentPart::make_text(std::exchange(text, {})));
            parts.push_back(domain::ContentPart{.kind = domain::ContentPart::Kind::opaque, .raw = json_text(item)});
        } else if (auto reasoning = reasoning_block_of(block)) {
            choice.message.reasoning.push_back(std::move(*reasoning));
        } else if (type == "tool_use" && json_answer && string_at(block, "name") == json_answer_tool) {
            const auto* input = block.if_contains("input");
            text += input ? json_text(*input) : "{}";
        } else if (type == "tool_use") {
            const auto* input = block.if_contains("input");
            choice.message.tool_calls.push_back(
                {string_at(block, "id"), string_at(block, "name"), input ? json_text(*input) : "{}"});
        }
    }
    if (!text.empty() || (parts.empty() && choice.message.tool_calls.empty())) {
        parts.push_back(domain::ContentPart::make_text(std::move(text)));
    }
    if (const auto* reason = message.if_contains("stop_reason")) choice.finish_reason = anthropic_finish_reason(*reason);
    choice.stop_sequence = string_at(message, "stop_sequence");
    if (json_answer && choice.finish_reason == domain::FinishReason::tool_calls) choice.finish_reason = domain::FinishReason::stop;
    response.choices.push_back(std::move(choice));
    if (const auto* usage = message.if_contains("usage"); usage && usage->is_object()) {
        response.usage = anthropic_usage(usage->get_object());
    }
    return response;
}

}  // namespace llmgw::adapters
