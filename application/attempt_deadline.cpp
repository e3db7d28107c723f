#include "application/attempt_deadline.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace llmgw::application {
namespace asio = boost::asio;

namespace {
bool limited(AttemptDeadline::Duration duration) { return duration.count() > 0; }
}  // namespace

AttemptDeadline::AttemptDeadline(asio::any_io_executor executor, Duration first_token, Duration total)
    : first_token_(first_token), total_(total), armed_(limited(first_token) || limited(total)) {
    if (!armed_) return;
    const auto start = std::chrono::steady_clock::now();
    total_deadline_ = limited(total) ? start + total : std::chrono::steady_clock::time_point::max();
    timer_.emplace(std::move(executor),
                   limited(first_token) ? std::min(start + first_token, total_deadline_) : total_deadline_);
}

void AttemptDeadline::content_arrived() {
    if (content_arrived_) return;
    content_arrived_ = true;
    // Moving the expiry wakes the waiting `expired()`, which waits again.
    if (limited(first_token_)) timer_->expires_at(total_deadline_);
}

asio::awaitable<void> AttemptDeadline::expired() {
    for (;;) {
        auto [error] = co_await timer_->async_wait(asio::as_tuple(asio::use_awaitable));
        if (!error || timer_->expiry() <= std::chrono::steady_clock::now()) co_return;
        // Woken early by a new expiry, or cancelled (then the next wait throws).
        auto state = co_await asio::this_coro::cancellation_state;
        if (state.cancelled() != asio::cancellation_type::none) co_return;
    }
}

domain::Error AttemptDeadline::timeout_error(std::string_view provider) const {
    const bool first_token_ran_out =
        !content_arrived_ && limited(first_token_) && timer_->expiry() < total_deadline_;
    const auto limit = first_token_ran_out ? first_token_ : total_;
    const std::string what = first_token_ran_out ? "sent no first token" : "did not finish";
    return domain::make_transient_error(domain::ErrorCode::upstream_timeout,
                                        "The upstream provider `" + std::string(provider) + "` " + what + " within " +
                                            std::to_string(limit.count()) + " ms.");
}

}  // namespace llmgw::application
