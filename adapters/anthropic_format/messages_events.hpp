#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/anthropic_format/messages_response_json.hpp"
#include "adapters/sse/named_event.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::adapters {

// Turns a streamed answer, chunk by chunk, into the events Anthropic sends:
// `message_start` (and a `ping`), then per content block
// `content_block_start`, its deltas and `content_block_stop` — thinking
// (thinking_delta, signature_delta), redacted_thinking, text (text_delta) and
// tool_use (input_json_delta, at least one per block, so that a client
// always learns the input) — then `message_delta` with the stop reason and
// the whole usage, and `message_stop`. Whatever the provider: blocks come one
// at a time, each index once.
//
// Providers stream one tool call after another; a delta of a call whose
// block has closed (which none sends) would open a block of its own.
class MessagesEventWriter {
public:
    // `input_tokens` is the prompt's estimate, for message_start: the real
    // count comes with message_delta.
    MessagesEventWriter(MessageIdentity identity, std::int64_t input_tokens)
        : identity_(std::move(identity)), input_tokens_(input_tokens) {}

    // The model that serves, once known (before the first event).
    void set_model(std::string model) { identity_.model = std::move(model); }
    bool started() const noexcept { return started_; }

    // The events of one chunk (message_start first, with the first chunk).
    void add(const domain::StreamChunk& chunk, std::vector<NamedEvent>& out);
    // The events that end the answer.
    void finish(const domain::Usage& usage, std::vector<NamedEvent>& out);

private:
    enum class Block { none, text, thinking, tool_use, provider };

    void start(std::vector<NamedEvent>& out);
    void open(Block kind, std::string_view content_block, std::vector<NamedEvent>& out);
    void close(std::vector<NamedEvent>& out);
    void delta(std::string_view type, std::string_view field, std::string_view value, std::vector<NamedEvent>& out);
    void add_reasoning_block(const domain::ReasoningBlock& block, std::vector<NamedEvent>& out);
    void add_tool_call(const domain::ToolCallDelta& call, std::vector<NamedEvent>& out);

    MessageIdentity identity_;
    std::int64_t input_tokens_;
    bool started_ = false;
    Block open_ = Block::none;
    int index_ = -1;           // of the open (or last) block
    int tool_call_ = -1;       // the call whose tool_use block is open
    bool input_sent_ = false;  // some of the open tool_use block's input went out
    std::optional<domain::FinishReason> finish_reason_;
    std::string stop_sequence_;
};

}  // namespace llmgw::adapters
