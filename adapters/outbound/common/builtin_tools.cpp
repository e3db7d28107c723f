#include "adapters/outbound/common/builtin_tools.hpp"

#include <string>

namespace llmgw::adapters {

domain::Result<void> refuse_builtin_tools(const domain::ChatRequest& request) {
    const auto* tool = domain::first_builtin_tool(request);
    if (!tool) return domain::success();
    const auto index = static_cast<std::size_t>(tool - request.tools.data());
    return domain::make_error(domain::ErrorCode::invalid_request,
                              "'" + tool->name + "' is one of OpenAI's built-in tools, which only a deployment on "
                              "OpenAI's Responses API runs; the model `" + request.model + "` offers function tools.",
                              "tools[" + std::to_string(index) + "].type");
}

}  // namespace llmgw::adapters
