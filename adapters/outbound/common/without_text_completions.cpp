#include "adapters/outbound/common/without_text_completions.hpp"

namespace llmgw::adapters {
namespace {

domain::Error no_text_completions(std::string_view model) {
    return domain::make_error(domain::ErrorCode::invalid_request,
                              "The model `" + std::string(model) +
                                  "` does not support legacy completions; use /v1/chat/completions.",
                              "model");
}

}  // namespace

boost::asio::awaitable<domain::Result<domain::TextCompletionResponse>> WithoutTextCompletions::complete_text(
    const domain::TextCompletionRequest& request, const domain::Attempt&) {
    co_return no_text_completions(request.model);
}

boost::asio::awaitable<domain::Result<domain::StreamSummary>> WithoutTextCompletions::stream_text(
    const domain::TextCompletionRequest& request, const domain::Attempt&, domain::ChunkSink&) {
    co_return no_text_completions(request.model);
}

}  // namespace llmgw::adapters
