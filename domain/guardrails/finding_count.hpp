#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace llmgw::domain {

// What a guardrail does with what it finds, from the mildest: count it,
// replace it by a placeholder, or refuse it.
enum class GuardMode : std::uint8_t { log, redact, block };
// Which way the text it looks at goes: to the provider, back to the
// caller, or both.
enum class GuardDirection : std::uint8_t { input, output, both };

std::string_view to_string(GuardMode mode) noexcept;
std::string_view to_string(GuardDirection direction) noexcept;

// How many findings of one kind a request's guardrails made one way and
// what they did with them: for the ledger and the metrics, never the values.
struct FindingCount {
    std::string entity;  // "email", or an operator's pattern name
    GuardDirection direction = GuardDirection::input;  // input or output
    GuardMode action = GuardMode::log;
    std::uint32_t count = 0;
};

}  // namespace llmgw::domain
