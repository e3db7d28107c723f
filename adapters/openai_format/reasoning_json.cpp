#include "adapters/openai_format/reasoning_json.hpp"

#include <span>

#include "adapters/common/json_access.hpp"
#include "adapters/openai_format/json_errors.hpp"

namespace llmgw::adapters {
namespace json = boost::json;

std::optional<domain::ReasoningBlock> reasoning_block_of(const json::object& block) {
    const auto type = string_at(block, "type");
    if (type == "thinking") {
        return domain::ReasoningBlock{string_at(block, "thinking"), string_at(block, "signature"), {}, string_at(block, "id")};
    }
    if (type == "redacted_thinking") return domain::ReasoningBlock{{}, {}, string_at(block, "data"), string_at(block, "id")};
    return std::nullopt;
}

void write_reasoning_block(JsonWriter& writer, const domain::ReasoningBlock& block) {
    writer.begin_object();
    if (!block.redacted.empty()) {
        writer.key("type").string("redacted_thinking").key("data").string(block.redacted);
    } else {
        writer.key("type").string("thinking").key("thinking").string(block.text);
        writer.key("signature").string(block.signature);
    }
    if (!block.id.empty()) writer.key("id").string(block.id);
    writer.end_object();
}

void write_reasoning_blocks(JsonWriter& writer, const std::vector<domain::ReasoningBlock>& blocks) {
    writer.begin_array();
    for (const auto& block : blocks) write_reasoning_block(writer, block);
    writer.end_array();
}

void write_reasoning(JsonWriter& writer, const std::vector<domain::ReasoningBlock>& blocks, std::string_view text_key) {
    std::string text;
    bool signed_blocks = false;
    for (const auto& block : blocks) {
        text += block.text;
        signed_blocks = signed_blocks || !block.signature.empty() || !block.redacted.empty();
    }
    if (!text.empty()) writer.key(text_key).string(text);
    if (signed_blocks) {
        writer.key("thinking_blocks");
        write_reasoning_blocks(writer, blocks);
    }
}

domain::Result<domain::ReasoningBlock> parse_thinking_block(const json::object& item, const std::string& param) {
    const auto* type = item.if_contains("type");
    const bool thinking = type && *type == "thinking";
    const bool redacted = type && *type == "redacted_thinking";
    if (!thinking && !redacted) return invalid_value(param + ".type", "expected 'thinking' or 'redacted_thinking'.");
    static constexpr std::string_view thinking_fields[] = {"thinking", "signature"};
    static constexpr std::string_view redacted_fields[] = {"data"};
    for (const auto field : thinking ? std::span<const std::string_view>(thinking_fields)
                                     : std::span<const std::string_view>(redacted_fields)) {
        const auto* text = item.if_contains(field);
        if (!text) return missing_parameter(param + "." + std::string(field));
        if (!text->is_string()) return invalid_type(param + "." + std::string(field), "a string", *text);
    }
    return *reasoning_block_of(item);
}

domain::Result<std::vector<domain::ReasoningBlock>> parse_thinking_blocks(const json::value& value,
                                                                         const std::string& param) {
    std::vector<domain::ReasoningBlock> blocks;
    if (value.is_null()) return blocks;
    if (!value.is_array()) return invalid_type(param, "an array", value);
    const auto& items = value.get_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto item_param = param + "[" + std::to_string(i) + "]";
        if (!items[i].is_object()) return invalid_type(item_param, "an object", items[i]);
        BOOST_OUTCOME_TRY(auto block, parse_thinking_block(items[i].get_object(), item_param));
        blocks.push_back(std::move(block));
    }
    return blocks;
}

}  // namespace llmgw::adapters
