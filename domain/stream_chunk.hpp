#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/chat_response.hpp"
#include "domain/message.hpp"
#include "domain/usage.hpp"

namespace llmgw::domain {

// A piece of a tool call as it streams: the first piece of each call carries
// its id and name, later pieces only more of `arguments`.
struct ToolCallDelta {
    int index = 0;
    std::string id;
    std::string name;
    std::string arguments;
};

// One increment of one choice of a streamed answer.
struct StreamChunk {
    int choice_index = 0;
    std::optional<Role> role;
    std::optional<std::string> content;
    std::optional<std::string> refusal;
    // More of the model's reasoning text, and each reasoning block whole
    // (with its signature) once it is complete.
    std::optional<std::string> reasoning;
    std::vector<ReasoningBlock> reasoning_blocks;
    std::vector<ToolCallDelta> tool_calls;
    // Content blocks of the provider's own that the gateway does not
    // translate (Anthropic's server tool calls and their results), each
    // whole, as JSON text: for a client of the provider's dialect.
    std::vector<std::string> provider_blocks;
    std::optional<FinishReason> finish_reason;
    std::string stop_sequence;  // with finish_reason, as in Choice
};

// Whether a chunk is part of the answer itself (text, a refusal, reasoning,
// a tool call or a finish), as opposed to framing such as the opening role
// chunk: what counts as a stream's progress. A model that reasons for a
// minute before it answers is making progress all along.
inline bool carries_content(const StreamChunk& chunk) noexcept {
    return (chunk.content && !chunk.content->empty()) || (chunk.refusal && !chunk.refusal->empty()) ||
           (chunk.reasoning && !chunk.reasoning->empty()) || !chunk.reasoning_blocks.empty() ||
           !chunk.tool_calls.empty() || !chunk.provider_blocks.empty() || chunk.finish_reason;
}

// What a finished stream tells beyond its chunks.
struct StreamSummary {
    std::string id;
    std::string model;  // as in ChatResponse::model
    Usage usage;
    // False when the upstream never reported usage; the tokens are then estimated.
    bool usage_reported = false;
};

}  // namespace llmgw::domain
