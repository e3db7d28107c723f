#pragma once

#include <chrono>
#include <string>

namespace llmgw::domain {

// `time` as RFC 3339 UTC with milliseconds, 2026-12-01T16:09:45.123Z: the
// one way the gateway writes a time (ledger rows, messages, API answers). It
// sorts as it reads.
std::string utc_timestamp(std::chrono::system_clock::time_point time);

}  // namespace llmgw::domain
