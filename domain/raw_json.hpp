#pragma once

#include <string>
#include <utility>
#include <vector>

namespace llmgw::domain {

// Fields the gateway does not interpret, kept as the exact JSON text the
// client sent, keyed by field name, in the client's order. The domain never
// looks inside; an inbound adapter fills them and an OpenAI-compatible
// outbound adapter splices them back verbatim.
using RawJsonFields = std::vector<std::pair<std::string, std::string>>;

}  // namespace llmgw::domain
