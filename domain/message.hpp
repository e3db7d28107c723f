#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/raw_json.hpp"

namespace llmgw::domain {

enum class Role { system, developer, user, assistant, tool };

struct ContentPart {
    enum class Kind {
        text,
        image_url,
        // A part type the gateway does not translate (audio, file, ...):
        // `raw` holds the whole part as JSON text.
        opaque,
    };
    Kind kind = Kind::text;
    std::string text;
    std::string image_url;     // an http(s) or data: URL
    std::string image_detail;  // "auto" | "low" | "high" | empty
    // An opaque part whole; or, for a text part of an answer, the
    // provider's block whole when it says more than its text (Anthropic's
    // citations).
    std::string raw;
    // A provider's mark for the end of a cacheable prompt prefix (Anthropic's
    // `cache_control`), as JSON text; empty when none.
    std::string cache_control;

    static ContentPart make_text(std::string value) { return {Kind::text, std::move(value), {}, {}, {}}; }
};

struct ToolCall {
    std::string id;
    std::string name;
    std::string arguments;  // JSON text, as the model produced it
};

// A block of the model's reasoning before its answer (Anthropic's extended
// thinking). `signature` (or, for a block the provider would not show,
// `redacted`) is the provider's opaque proof of it: the provider wants the
// block back unchanged in later turns of a tool loop.
struct ReasoningBlock {
    std::string text;
    std::string signature;
    std::string redacted;  // the encrypted data of a redacted block; then `text` is empty
    // The provider's own id of the block, which it wants back with it
    // (OpenAI's Responses API: rs_...); empty when it has none.
    std::string id;
};

struct Message {
    Role role = Role::user;
    // Empty with `content_is_null` when the message has no content (an
    // assistant turn that only calls tools).
    std::vector<ContentPart> content;
    bool content_is_null = false;
    // The client sent `content` as a plain string rather than a parts array.
    bool content_is_string = true;
    std::string name;
    std::vector<ToolCall> tool_calls;
    std::string tool_call_id;  // for Role::tool
    // For Role::tool: the result reports that the tool failed (Anthropic's
    // `is_error`, which the model reads as such).
    bool tool_failed = false;
    // An assistant's reasoning, in the order it came (empty for most models).
    std::vector<ReasoningBlock> reasoning;
    RawJsonFields extra;

    // All text parts joined, for providers and rules that only want text.
    std::string text() const;
    // The visible text of all reasoning blocks joined.
    std::string reasoning_text() const;
};

}  // namespace llmgw::domain
