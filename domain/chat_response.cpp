#include "domain/chat_response.hpp"

namespace llmgw::domain {

std::string_view to_string(FinishReason reason) noexcept {
    switch (reason) {
    case FinishReason::stop: return "stop";
    case FinishReason::length: return "length";
    case FinishReason::tool_calls: return "tool_calls";
    case FinishReason::content_filter: return "content_filter";
    }
    return "stop";
}

}  // namespace llmgw::domain
