#include "adapters/outbound/common/builtin_tools.hpp"

#include <algorithm>
#include <string>

namespace llmgw::adapters {

domain::Result<void> refuse_builtin_tools(const domain::ChatRequest& request, std::optional<domain::Dialect> runs) {
    if (request.dialect == runs) return domain::success();
    // An Anthropic request's opaque parts are blocks only Anthropic takes.
    for (std::size_t i = 0; request.dialect == domain::Dialect::anthropic && i < request.messages.size(); ++i) {
        const auto& content = request.messages[i].content;
        const bool server_blocks = std::any_of(content.begin(), content.end(), [](const domain::ContentPart& part) {
            return part.kind == domain::ContentPart::Kind::opaque;
        });
        if (server_blocks) {
            return domain::make_error(domain::ErrorCode::invalid_request,
                                      "The conversation holds blocks that only an Anthropic deployment takes (a document, a "
                                      "search result, or what Anthropic's server tools left); the model `" +
                                          request.model + "` is not one.",
                                      "messages");
        }
    }
    const auto* tool = domain::first_builtin_tool(request);
    if (!tool) return domain::success();
    const auto index = static_cast<std::size_t>(tool - request.tools.data());
    const auto* whose = request.dialect == domain::Dialect::anthropic
                            ? "one of Anthropic's server tools, which only an Anthropic deployment runs"
                            : "one of OpenAI's built-in tools, which only a deployment on OpenAI's Responses API runs";
    return domain::make_error(domain::ErrorCode::invalid_request,
                              "'" + tool->name + "' is " + whose + "; the model `" + request.model +
                                  "` offers the tools you define.",
                              "tools[" + std::to_string(index) + "].type");
}

}  // namespace llmgw::adapters
