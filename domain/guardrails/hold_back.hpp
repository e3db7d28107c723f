#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "domain/guardrails/finding.hpp"

namespace llmgw::domain {

// How much of a streamed text is held back so that a finding split across
// chunks is still caught: the last `window` bytes (longer than any built-in
// entity written with spaces, such as a grouped IBAN), and a word (a run
// without white space) still growing at the end, up to `most` bytes held.
struct HoldBack {
    std::size_t window = 48;
    std::size_t most = 16 * 1024;
};

// How many bytes at the start of `pending` (text not yet sent on) may go
// out now, given the findings in it (disjoint, in order): never a part of a
// finding or of a word that more text may still extend. Past `most`, all
// but the window goes, findings whole.
std::size_t releasable(std::string_view pending, std::span<const Finding> findings, HoldBack hold_back) noexcept;

}  // namespace llmgw::domain
