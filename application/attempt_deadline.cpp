#include "application/attempt_deadline.hpp"


namespace llmgw::application {
namespace asio = boost::asio;

namespace {
bool limited(AttemptDeadline::Duration duration) { return duration.count() > 0; }
}  // namespace

AttemptDeadline::AttemptDeadline(const domain::Clock& clock, Duration first_token, Duration total)
    : clock_(clock), first_token_(first_token), total_(total), armed_(limited(first_token) || limited(total)) {
    if (!armed_) return;
    const auto start = clock_.monotonic();
    total_deadline_ = limited(total) ? start + total : TimePoint::max();
    first_token_deadline_ = limited(first_token) ? std::min(start + first_token, total_deadline_) : total_deadline_;
}

void AttemptDeadline::content_arrived() { content_arrived_ = true; }

bool AttemptDeadline::first_token_counts() const noexcept {
    return !content_arrived_ && limited(first_token_) && first_token_deadline_ < total_deadline_;
}

AttemptDeadline::TimePoint AttemptDeadline::current() const noexcept {
    return first_token_counts() ? first_token_deadline_ : total_deadline_;
}

asio::awaitable<void> AttemptDeadline::expired() {
    // Content moves the limit later, never earlier: an alarm that rings for
    // the first-token limit after content came just waits on for the total.
    for (auto at = current(); clock_.monotonic() < current(); at = current()) co_await clock_.wait_until(at);
}

domain::Error AttemptDeadline::timeout_error(std::string_view provider) const {
    const bool first_token_ran_out = first_token_counts();
    const auto limit = first_token_ran_out ? first_token_ : total_;
    const std::string what = first_token_ran_out ? "sent no first token" : "did not finish";
    return domain::make_transient_error(domain::ErrorCode::upstream_timeout,
                                        "The upstream provider `" + std::string(provider) + "` " + what + " within " +
                                            std::to_string(limit.count()) + " ms.");
}

}  // namespace llmgw::application
