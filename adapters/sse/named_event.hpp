#pragma once

#include <string>
#include <string_view>

namespace llmgw::adapters {

// One Server-Sent Event with an `event:` name (the clients of Anthropic's
// and OpenAI's Responses streams dispatch on it) and its JSON `data`.
struct NamedEvent {
    std::string_view name;
    std::string data;
};

}  // namespace llmgw::adapters
