#pragma once

#include <string>
#include <string_view>

namespace llmgw::observability {

// Appends `value` as a quoted JSON string: quotes, backslashes and control
// characters escaped, well-formed UTF-8 passed through, and every byte that
// is not part of well-formed UTF-8 (a request path, an upstream's raw error
// text) written as U+FFFD, so that the text is always valid JSON (RFC 8259
// §8.1). Shared by the log writer and the wire-format writers, which must
// agree on what valid JSON text is.
void append_json_string(std::string& out, std::string_view value);

}  // namespace llmgw::observability
