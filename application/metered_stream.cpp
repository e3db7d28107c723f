#include "application/metered_stream.hpp"

#include "domain/money.hpp"

namespace llmgw::application {

boost::asio::awaitable<domain::Result<void>> MeteredSink::on_chunk(const domain::StreamChunk& chunk) {
    BOOST_OUTCOME_CO_TRY(co_await inner_.on_chunk(chunk));
    ++delivered_;
    if (chunk.content) completion_bytes_ += chunk.content->size();
    if (chunk.reasoning) completion_bytes_ += chunk.reasoning->size();  // reasoning is billed as output
    for (const auto& call : chunk.tool_calls) completion_bytes_ += call.name.size() + call.arguments.size();
    co_return domain::success();
}

std::int64_t MeteredSink::estimated_completion_tokens() const noexcept {
    return domain::estimate_tokens(completion_bytes_);
}

SettleDelivered::~SettleDelivered() {
    if (!reservation_.open()) return;
    if (metered_.delivered() == 0) {
        reservation_.release();
        return;
    }
    metering_.settle(reservation_, context_, deployment_, Metering::Outcome{estimated_usage(), true});
}

}  // namespace llmgw::application
