#pragma once

#include <string>

#include "domain/chat_request.hpp"
#include "domain/chat_response.hpp"

namespace llmgw::testing {

inline domain::Message user_message(std::string text) {
    domain::Message message;
    message.role = domain::Role::user;
    message.content.push_back(domain::ContentPart::make_text(std::move(text)));
    return message;
}

inline domain::ChatRequest chat_request(std::string model, std::string text) {
    domain::ChatRequest request;
    request.model = std::move(model);
    request.messages.push_back(user_message(std::move(text)));
    return request;
}

inline domain::ChatResponse text_response(std::string text, domain::Usage usage) {
    domain::ChatResponse response;
    domain::Choice choice;
    choice.message.role = domain::Role::assistant;
    choice.message.content.push_back(domain::ContentPart::make_text(std::move(text)));
    choice.finish_reason = domain::FinishReason::stop;
    response.choices.push_back(std::move(choice));
    response.usage = usage;
    return response;
}

}  // namespace llmgw::testing
