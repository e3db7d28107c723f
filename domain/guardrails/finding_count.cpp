#include "domain/guardrails/finding_count.hpp"

namespace llmgw::domain {

std::string_view to_string(GuardMode mode) noexcept {
    switch (mode) {
    case GuardMode::log: return "log";
    case GuardMode::redact: return "redact";
    case GuardMode::block: return "block";
    }
    return "log";
}

std::string_view to_string(GuardDirection direction) noexcept {
    switch (direction) {
    case GuardDirection::input: return "input";
    case GuardDirection::output: return "output";
    case GuardDirection::both: return "both";
    }
    return "input";
}

}  // namespace llmgw::domain
