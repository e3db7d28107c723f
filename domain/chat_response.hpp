#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/message.hpp"
#include "domain/raw_json.hpp"
#include "domain/usage.hpp"

namespace llmgw::domain {

enum class FinishReason { stop, length, tool_calls, content_filter };

std::string_view to_string(FinishReason reason) noexcept;

struct Choice {
    int index = 0;
    Message message;
    std::optional<FinishReason> finish_reason;
    // Which of the request's stop sequences ended the answer, when the
    // provider tells (Anthropic does).
    std::string stop_sequence;
    RawJsonFields extra;  // e.g. logprobs
};

struct ChatResponse {
    std::string id;  // the upstream's id; empty when it gave none
    std::int64_t created = 0;
    // The model that answered, by its gateway name (the deployment's `model`).
    std::string model;
    std::vector<Choice> choices;
    Usage usage;
    RawJsonFields extra;  // e.g. system_fingerprint, service_tier
};

}  // namespace llmgw::domain
