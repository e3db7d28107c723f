#include "domain/stream_replay.hpp"

#include <algorithm>
#include <utility>

namespace llmgw::domain {
namespace {

bool carries_nothing(std::string_view json) { return json == "null" || json == "[]" || json == "{}"; }

bool utf8_continuation(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) == 0x80; }

void push_reasoning(std::vector<StreamChunk>& chunks, int index, const ReasoningBlock& block) {
    for (const auto piece : stream_pieces(block.text)) {
        StreamChunk chunk{.choice_index = index};
        chunk.reasoning = std::string(piece);
        chunks.push_back(std::move(chunk));
    }
    // A block the provider signed goes out whole, as a streaming upstream
    // ends it, so that the client can send it back.
    if (!block.signature.empty() || !block.redacted.empty()) {
        StreamChunk chunk{.choice_index = index};
        chunk.reasoning_blocks.push_back(block);
        chunks.push_back(std::move(chunk));
    }
}

}  // namespace

bool replayable(const ChatResponse& response) {
    const auto empty = [](const RawJsonFields& fields) {
        return std::all_of(fields.begin(), fields.end(), [](const auto& field) { return carries_nothing(field.second); });
    };
    return std::all_of(response.choices.begin(), response.choices.end(),
                       [&](const Choice& choice) { return empty(choice.extra) && empty(choice.message.extra); });
}

std::vector<std::string_view> stream_pieces(std::string_view text, std::size_t at_least, std::size_t at_most) {
    std::vector<std::string_view> pieces;
    while (!text.empty()) {
        std::size_t end = std::min(at_most, text.size());
        for (std::size_t cut = at_least; cut < end; ++cut) {
            if (text[cut - 1] == ' ') {
                end = cut;
                break;
            }
        }
        // Never between the bytes of one character.
        while (end > 0 && end < text.size() && utf8_continuation(text[end])) --end;
        if (end == 0) {
            end = 1;
            while (end < text.size() && utf8_continuation(text[end])) ++end;
        }
        pieces.push_back(text.substr(0, end));
        text.remove_prefix(end);
    }
    return pieces;
}

std::vector<StreamChunk> replay_chunks(const ChatResponse& response) {
    std::vector<StreamChunk> chunks;
    for (const auto& choice : response.choices) {
        const int index = choice.index;
        const auto& message = choice.message;
        StreamChunk opening{.choice_index = index, .role = Role::assistant};
        opening.content = std::string();
        chunks.push_back(std::move(opening));
        for (const auto& block : message.reasoning) push_reasoning(chunks, index, block);
        // Text in pieces; a provider's own block (an opaque part of an
        // answer) whole, where it stood.
        std::string text;
        const auto push_text = [&] {
            for (const auto piece : stream_pieces(text)) {
                StreamChunk chunk{.choice_index = index};
                chunk.content = std::string(piece);
                chunks.push_back(std::move(chunk));
            }
            text.clear();
        };
        for (const auto& part : message.content) {
            if (part.kind == ContentPart::Kind::text) text += part.text;
            if (part.kind != ContentPart::Kind::opaque) continue;
            push_text();
            StreamChunk block{.choice_index = index};
            block.provider_blocks.push_back(part.raw);
            chunks.push_back(std::move(block));
        }
        push_text();
        for (std::size_t call = 0; call < message.tool_calls.size(); ++call) {
            const auto& tool_call = message.tool_calls[call];
            const int call_index = static_cast<int>(call);
            StreamChunk named{.choice_index = index};
            named.tool_calls.push_back({call_index, tool_call.id, tool_call.name, {}});
            chunks.push_back(std::move(named));
            for (const auto piece : stream_pieces(tool_call.arguments)) {
                StreamChunk more{.choice_index = index};
                more.tool_calls.push_back({call_index, {}, {}, std::string(piece)});
                chunks.push_back(std::move(more));
            }
        }
        StreamChunk finish{.choice_index = index};
        finish.finish_reason = choice.finish_reason.value_or(FinishReason::stop);
        finish.stop_sequence = choice.stop_sequence;
        chunks.push_back(std::move(finish));
    }
    return chunks;
}

void StreamAssembler::add(const StreamChunk& chunk) {
    auto& building = choices_[chunk.choice_index];
    auto& message = building.choice.message;
    building.choice.index = chunk.choice_index;
    message.role = Role::assistant;
    if (chunk.refusal && !chunk.refusal->empty()) refused_ = true;
    if (chunk.content) building.text += *chunk.content;
    for (const auto& block : chunk.provider_blocks) {
        if (!building.text.empty()) message.content.push_back(ContentPart::make_text(std::exchange(building.text, {})));
        message.content.push_back(ContentPart{.kind = ContentPart::Kind::opaque, .raw = block});
    }
    if (chunk.reasoning) building.reasoning += *chunk.reasoning;
    for (const auto& block : chunk.reasoning_blocks) {
        // A whole block holds the text that streamed before it.
        message.reasoning.push_back(block);
        building.reasoning.clear();
    }
    for (const auto& delta : chunk.tool_calls) {
        if (delta.index < 0) continue;
        const auto position = static_cast<std::size_t>(delta.index);
        if (message.tool_calls.size() <= position) message.tool_calls.resize(position + 1);
        auto& call = message.tool_calls[position];
        if (!delta.id.empty()) call.id = delta.id;
        if (!delta.name.empty()) call.name = delta.name;
        call.arguments += delta.arguments;
    }
    if (chunk.finish_reason) {
        building.choice.finish_reason = chunk.finish_reason;
        building.choice.stop_sequence = chunk.stop_sequence;
    }
}

ChatResponse StreamAssembler::take(const StreamSummary& summary) {
    ChatResponse response{.id = summary.id, .model = summary.model, .usage = summary.usage};
    for (auto& [index, building] : choices_) {
        auto& message = building.choice.message;
        if (!building.reasoning.empty()) message.reasoning.push_back({.text = std::move(building.reasoning)});
        if (!building.text.empty() || (message.content.empty() && message.tool_calls.empty())) {
            message.content.push_back(ContentPart::make_text(std::move(building.text)));
        } else if (message.content.empty()) {
            message.content_is_null = true;
        }
        response.choices.push_back(std::move(building.choice));
    }
    choices_.clear();
    return response;
}

}  // namespace llmgw::domain
