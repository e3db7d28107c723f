#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace llmgw::adapters {

// `prefix` followed by `length` random letters and digits, e.g.
// random_id("chatcmpl-", 29). Not for secrets: the generator is fast, not
// cryptographic.
std::string random_id(std::string_view prefix, std::size_t length);

// The gateway's id of one request: "req_", then the time in milliseconds
// as 10 characters of Crockford base32 (which sort as the times do), then 14
// random letters and digits. Ids made later sort later, so the ledger's
// unique index on them grows at its end instead of at random places (which,
// once the table outgrows the database's cache, reads a page from disk for
// every row written).
std::string request_id(std::chrono::system_clock::time_point now);

// A caller's X-Request-Id if it is safe to echo and log (printable, short),
// else empty.
std::string client_request_id(std::string_view header);

}  // namespace llmgw::adapters
