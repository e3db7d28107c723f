#include "adapters/inbound/http/captured_content.hpp"

#include <algorithm>

#include "adapters/openai_format/json_writer.hpp"
#include "adapters/openai_format/message_json.hpp"

namespace llmgw::adapters {
namespace {

// Writes scrubbed text while the budget lasts, cutting at a character
// boundary.
class BudgetedText {
public:
    BudgetedText(std::size_t max_bytes, const observability::SecretScrubber& scrubber)
        : left_(max_bytes), scrubber_(scrubber) {}

    bool exhausted() const noexcept { return left_ == 0; }
    bool truncated() const noexcept { return truncated_; }

    void write(JsonWriter& writer, std::string_view raw) {
        const auto scrubbed = scrubber_.scrub(raw);
        std::string_view text = scrubbed;
        if (text.size() > left_) {
            std::size_t cut = left_;
            while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not mid-character
            text = text.substr(0, cut);
            truncated_ = true;
        }
        left_ -= text.size();
        writer.string(text);
    }

private:
    std::size_t left_;
    const observability::SecretScrubber& scrubber_;
    bool truncated_ = false;
};

void write_text_part(JsonWriter& writer, std::string_view type, std::string_view text, BudgetedText& budget) {
    writer.begin_object().key("type").string(type).key("content");
    budget.write(writer, text);
    writer.end_object();
}

void write_parts(JsonWriter& writer, const domain::Message& message, BudgetedText& budget) {
    writer.key("parts").begin_array();
    const auto reasoning = message.reasoning_text();
    if (!reasoning.empty()) write_text_part(writer, "reasoning", reasoning, budget);
    if (message.role == domain::Role::tool) {
        writer.begin_object().key("type").string("tool_call_response").key("id").string(message.tool_call_id);
        writer.key("response");
        budget.write(writer, message.text());
        writer.end_object();
    } else if (const auto text = message.text(); !text.empty()) {
        write_text_part(writer, "text", text, budget);
    }
    for (const auto& call : message.tool_calls) {
        writer.begin_object().key("type").string("tool_call").key("id").string(call.id).key("name").string(call.name);
        writer.key("arguments");
        budget.write(writer, call.arguments);
        writer.end_object();
    }
    writer.end_array();
}

}  // namespace

void capture_answer(domain::CapturedContent& content, const domain::ChatResponse& response) {
    if (response.choices.empty()) return;
    content.output = response.choices.front().message;
    content.finish_reason = response.choices.front().finish_reason;
    content.answered = true;
}

void capture_chunk(domain::CapturedContent& content, const domain::StreamChunk& chunk) {
    auto& output = content.output;
    output.role = domain::Role::assistant;
    if (chunk.content && !chunk.content->empty()) {
        if (output.content.empty()) output.content.push_back(domain::ContentPart::make_text(""));
        output.content.front().text += *chunk.content;
    }
    if (chunk.reasoning && !chunk.reasoning->empty()) {
        if (output.reasoning.empty()) output.reasoning.emplace_back();
        output.reasoning.front().text += *chunk.reasoning;
    }
    for (const auto& delta : chunk.tool_calls) {
        if (delta.index < 0 || delta.index > 1024) continue;  // an index no answer has
        const auto index = static_cast<std::size_t>(delta.index);
        if (output.tool_calls.size() <= index) output.tool_calls.resize(index + 1);
        auto& call = output.tool_calls[index];
        call.id += delta.id;
        call.name += delta.name;
        call.arguments += delta.arguments;
    }
    if (chunk.finish_reason) {
        content.finish_reason = chunk.finish_reason;
        content.answered = true;
    }
}

MessagesJson input_messages_json(const domain::CapturedContent& content, std::size_t max_bytes,
                                 const observability::SecretScrubber& scrubber) {
    BudgetedText budget(max_bytes, scrubber);
    JsonWriter writer;
    writer.begin_array();
    bool dropped = false;
    for (const auto& message : content.input) {
        if (budget.exhausted()) {
            dropped = true;
            break;
        }
        writer.begin_object().key("role").string(role_name(message.role));
        write_parts(writer, message, budget);
        writer.end_object();
    }
    writer.end_array();
    return {writer.take(), budget.truncated() || dropped};
}

MessagesJson output_messages_json(const domain::CapturedContent& content, std::size_t max_bytes,
                                  const observability::SecretScrubber& scrubber) {
    BudgetedText budget(max_bytes, scrubber);
    JsonWriter writer;
    writer.begin_array().begin_object().key("role").string("assistant");
    write_parts(writer, content.output, budget);
    writer.key("finish_reason").string(content.finish_reason ? domain::to_string(*content.finish_reason) : "stop");
    writer.end_object().end_array();
    return {writer.take(), budget.truncated()};
}

}  // namespace llmgw::adapters
