#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace llmgw::domain {

// `time` as RFC 3339 UTC with milliseconds, 2026-12-01T16:09:45.123Z: the
// one way the gateway writes a time (ledger rows, messages, API answers). It
// sorts as it reads.
std::string utc_timestamp(std::chrono::system_clock::time_point time);

// Reads RFC 3339 ("2027-06-30T00:00:00Z"; an offset instead of Z, and a
// fraction of a second, kept to the millisecond) or a date alone
// ("2027-06-30", its midnight UTC). None for anything else, impossible dates
// included.
std::optional<std::chrono::system_clock::time_point> parse_utc_timestamp(std::string_view text);

}  // namespace llmgw::domain
