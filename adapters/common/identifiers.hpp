#pragma once

#include <string>
#include <string_view>

namespace llmgw::adapters {

// `prefix` followed by `length` random letters and digits, e.g.
// random_id("chatcmpl-", 29). Not for secrets: the generator is fast, not
// cryptographic.
std::string random_id(std::string_view prefix, std::size_t length);

// A caller's X-Request-Id if it is safe to echo and log (printable, short),
// else empty.
std::string client_request_id(std::string_view header);

}  // namespace llmgw::adapters
