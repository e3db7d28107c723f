#include "domain/message.hpp"

namespace llmgw::domain {

std::string Message::text() const {
    std::string joined;
    for (const auto& part : content) {
        if (part.kind == ContentPart::Kind::text) joined += part.text;
    }
    return joined;
}

}  // namespace llmgw::domain
