#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/openai_format/json_writer.hpp"
#include "domain/chat_request.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// Providers that keep the system prompt apart and want strictly alternating
// turns (Anthropic, Gemini) regroup OpenAI's messages the same way: system
// and developer messages lifted out, tool results sent in user turns, and
// consecutive turns of one role merged. Only how each piece is written
// differs: that is the dialect. Every piece is JSON text.
struct ConversationDialect {
    std::string_view user_role;
    std::string_view assistant_role;
    // A message's content parts; `param` names the content in errors.
    std::function<domain::Result<std::vector<std::string>>(const domain::Message&, const std::string& param)> content;
    std::function<domain::Result<std::string>(const domain::ToolCall&, const std::string& param)> tool_call;
    // The tool message at `index`, answering an earlier call.
    std::function<domain::Result<std::string>(const domain::ChatRequest&, std::size_t index, const std::string& param)>
        tool_result;
};

struct Turn {
    std::string_view role;
    std::vector<std::string> parts;
};

struct Conversation {
    std::vector<std::string> system;
    std::vector<Turn> turns;
};

domain::Result<Conversation> build_conversation(const domain::ChatRequest& request, const ConversationDialect& dialect);

// Writes the turns as an array of {"role": ..., `parts_key`: [...]}.
void write_turns(JsonWriter& writer, const std::vector<Turn>& turns, std::string_view parts_key);

}  // namespace llmgw::adapters
