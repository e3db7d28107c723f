#pragma once

#include <string>
#include <string_view>

namespace llmgw::observability {

// Appends `value` as a quoted JSON string: quotes, backslashes and control
// characters escaped, UTF-8 passed through. Shared by the log writer and the
// wire-format writers, which must agree on what valid JSON text is.
void append_json_string(std::string& out, std::string_view value);

}  // namespace llmgw::observability
