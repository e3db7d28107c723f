#pragma once

#include "domain/chat_request.hpp"
#include "domain/embedding.hpp"
#include "domain/text_completion.hpp"

namespace llmgw::domain {

// Every text of a request that leaves for the provider, for guardrails to
// look at and change:
// message text and text parts (the system prompt among them), tool-call
// arguments and tool results, legacy prompts (as their JSON text) and
// embedding inputs. Reasoning blocks are left alone: their signatures
// must come back unchanged.
template <class Visit>
void for_each_text(ChatRequest& request, Visit&& visit) {
    for (auto& message : request.messages) {
        for (auto& part : message.content) {
            if (part.kind == ContentPart::Kind::text) visit(part.text);
        }
        for (auto& call : message.tool_calls) visit(call.arguments);
    }
}

template <class Visit>
void for_each_text(TextCompletionRequest& request, Visit&& visit) {
    visit(request.prompt);
}

template <class Visit>
void for_each_text(EmbeddingRequest& request, Visit&& visit) {
    for (auto& text : request.texts) visit(text);
}

}  // namespace llmgw::domain
