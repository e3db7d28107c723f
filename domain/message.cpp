#include "domain/message.hpp"

namespace llmgw::domain {

std::string Message::text() const {
    std::string joined;
    for (const auto& part : content) {
        if (part.kind == ContentPart::Kind::text) joined += part.text;
    }
    return joined;
}

std::string Message::reasoning_text() const {
    std::string joined;
    for (const auto& block : reasoning) joined += block.text;
    return joined;
}

}  // namespace llmgw::domain
