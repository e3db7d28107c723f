#include "adapters/anthropic_format/messages_events.hpp"

#include "adapters/common/identifiers.hpp"
#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {

void MessagesEventWriter::start(std::vector<NamedEvent>& out) {
    started_ = true;
    JsonWriter writer;
    writer.begin_object().key("type").string("message_start").key("message").begin_object();
    writer.key("id").string(identity_.id).key("type").string("message").key("role").string("assistant");
    writer.key("model").string(identity_.model).key("content").begin_array().end_array();
    writer.key("stop_reason").null().key("stop_sequence").null().key("usage");
    write_message_usage(writer, domain::Usage{.prompt_tokens = input_tokens_});
    writer.end_object().end_object();
    out.push_back({"message_start", writer.take()});
    out.push_back({"ping", R"({"type":"ping"})"});
}

void MessagesEventWriter::open(Block kind, std::string_view content_block, std::vector<NamedEvent>& out) {
    close(out);
    open_ = kind;
    ++index_;
    JsonWriter writer;
    writer.begin_object().key("type").string("content_block_start").key("index").number(std::int64_t{index_});
    writer.key("content_block").raw(content_block).end_object();
    out.push_back({"content_block_start", writer.take()});
}

void MessagesEventWriter::close(std::vector<NamedEvent>& out) {
    if (open_ == Block::none) return;
    if (open_ == Block::tool_use && !input_sent_) delta("input_json_delta", "partial_json", "{}", out);
    open_ = Block::none;
    tool_call_ = -1;
    JsonWriter writer;
    writer.begin_object().key("type").string("content_block_stop").key("index").number(std::int64_t{index_}).end_object();
    out.push_back({"content_block_stop", writer.take()});
}

void MessagesEventWriter::delta(std::string_view type, std::string_view field, std::string_view value,
                                std::vector<NamedEvent>& out) {
    if (open_ == Block::tool_use) input_sent_ = true;
    JsonWriter writer;
    writer.begin_object().key("type").string("content_block_delta").key("index").number(std::int64_t{index_});
    writer.key("delta").begin_object().key("type").string(type).key(field).string(value).end_object().end_object();
    out.push_back({"content_block_delta", writer.take()});
}

void MessagesEventWriter::add_reasoning_block(const domain::ReasoningBlock& block, std::vector<NamedEvent>& out) {
    if (!block.redacted.empty()) {
        JsonWriter writer;
        writer.begin_object().key("type").string("redacted_thinking").key("data").string(block.redacted).end_object();
        open(Block::thinking, writer.take(), out);
        return close(out);
    }
    // A whole block closes the one whose text streamed before it; one that
    // comes whole (from a cache, say) streams its text first.
    if (open_ != Block::thinking) {
        open(Block::thinking, R"({"type":"thinking","thinking":"","signature":""})", out);
        if (!block.text.empty()) delta("thinking_delta", "thinking", block.text, out);
    }
    if (!block.signature.empty()) delta("signature_delta", "signature", block.signature, out);
    close(out);
}

void MessagesEventWriter::add_tool_call(const domain::ToolCallDelta& call, std::vector<NamedEvent>& out) {
    if (open_ != Block::tool_use || call.index != tool_call_) {
        JsonWriter writer;
        writer.begin_object().key("type").string("tool_use");
        writer.key("id").string(call.id.empty() ? random_id("toolu_", 24) : call.id).key("name").string(call.name);
        writer.key("input").begin_object().end_object().end_object();
        open(Block::tool_use, writer.take(), out);
        tool_call_ = call.index;
        input_sent_ = false;
    }
    if (!call.arguments.empty()) delta("input_json_delta", "partial_json", call.arguments, out);
}

void MessagesEventWriter::add(const domain::StreamChunk& chunk, std::vector<NamedEvent>& out) {
    if (chunk.choice_index != 0) return;  // the Messages API has one answer
    if (!started_) start(out);
    if (chunk.reasoning && !chunk.reasoning->empty()) {
        if (open_ != Block::thinking) open(Block::thinking, R"({"type":"thinking","thinking":"","signature":""})", out);
        delta("thinking_delta", "thinking", *chunk.reasoning, out);
    }
    for (const auto& block : chunk.reasoning_blocks) add_reasoning_block(block, out);
    for (const auto* text : {&chunk.content, &chunk.refusal}) {
        if (!*text || (*text)->empty()) continue;
        if (open_ != Block::text) open(Block::text, R"({"type":"text","text":""})", out);
        delta("text_delta", "text", **text, out);
    }
    // A server tool's call or result, whole, as Anthropic sent it.
    for (const auto& block : chunk.provider_blocks) {
        open(Block::provider, block, out);
        close(out);
    }
    for (const auto& call : chunk.tool_calls) add_tool_call(call, out);
    if (chunk.finish_reason) {
        close(out);
        finish_reason_ = chunk.finish_reason;
        stop_sequence_ = chunk.stop_sequence;
    }
}

void MessagesEventWriter::finish(const domain::Usage& usage, std::vector<NamedEvent>& out) {
    if (!started_) start(out);
    close(out);
    JsonWriter writer;
    writer.begin_object().key("type").string("message_delta").key("delta").begin_object();
    writer.key("stop_reason").string(stop_reason_of(finish_reason_, stop_sequence_)).key("stop_sequence");
    stop_sequence_.empty() ? writer.null() : writer.string(stop_sequence_);
    writer.end_object().key("usage");
    write_message_usage(writer, usage);
    writer.end_object();
    out.push_back({"message_delta", writer.take()});
    out.push_back({"message_stop", R"({"type":"message_stop"})"});
}

}  // namespace llmgw::adapters
