#pragma once

#include "domain/chat_request.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// A request that offers one of OpenAI's built-in tools, for a provider that
// cannot run them (all but a deployment on the Responses API): a 400 naming
// the tool, before anything is sent.
domain::Result<void> refuse_builtin_tools(const domain::ChatRequest& request);

}  // namespace llmgw::adapters
