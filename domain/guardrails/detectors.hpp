#pragma once

#include <string_view>
#include <vector>

#include "domain/guardrails/finding.hpp"

namespace llmgw::domain {

// Appends every built-in entity of `wanted` that `text` holds to `into`, in
// no particular order (they may overlap: see keep_disjoint). One pass over
// the text with hand-written scanners: linear in its length, no regex, no
// backtracking. Checksums (Luhn for cards, mod 97 for IBANs) and formats
// (IPv4 octets, SSN areas, an IBAN country's length) are checked, so that
// order numbers, dates and version strings are not taken for them.
void find_entities(std::string_view text, EntitySet wanted, std::vector<Finding>& into);

}  // namespace llmgw::domain
