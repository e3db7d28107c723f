#include "application/first_content_gate.hpp"

#include "domain/ledger_row.hpp"

namespace llmgw::application {

void FirstContentGate::begin_attempt(const domain::Deployment& deployment, AttemptDeadline& deadline) {
    deployment_ = &deployment;
    deadline_ = &deadline;
    held_.clear();
    first_content_at_.reset();
}

boost::asio::awaitable<domain::Result<void>> FirstContentGate::on_chunk(const domain::StreamChunk& chunk) {
    if (committed_) co_return co_await client_.on_chunk(chunk);
    held_.push_back(chunk);
    if (!domain::carries_content(chunk)) co_return domain::success();
    first_content_at_ = clock_.monotonic();
    if (deadline_) deadline_->content_arrived();
    co_return co_await commit();
}

boost::asio::awaitable<domain::Result<void>> FirstContentGate::flush() {
    if (committed_) co_return domain::success();
    co_return co_await commit();
}

boost::asio::awaitable<domain::Result<void>> FirstContentGate::commit() {
    committed_ = true;
    if (context_.row) {
        context_.row->ttft_ms = std::chrono::duration_cast<std::chrono::milliseconds>(clock_.monotonic() -
                                                                                      context_.received_at)
                                    .count();
    }
    if (deployment_) client_.on_served_by(*deployment_);
    auto held = std::move(held_);
    held_.clear();
    for (const auto& chunk : held) {
        BOOST_OUTCOME_CO_TRY(co_await client_.on_chunk(chunk));
    }
    co_return domain::success();
}

}  // namespace llmgw::application
