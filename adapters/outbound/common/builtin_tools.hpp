#pragma once

#include <optional>

#include "domain/chat_request.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// A request that offers a provider's own tool (ToolDefinition::builtin),
// or sends back the blocks of Anthropic's server tools, to a transport that
// cannot take them: a 400 naming them, before anything is sent. `runs` is the dialect whose own tools the transport runs (OpenAI's
// on the Responses API, Anthropic's on Anthropic); none for a transport that
// runs no provider's.
domain::Result<void> refuse_builtin_tools(const domain::ChatRequest& request,
                                          std::optional<domain::Dialect> runs = std::nullopt);

}  // namespace llmgw::adapters
