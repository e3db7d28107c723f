#pragma once

#include <chrono>
#include <optional>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>

#include "application/as_optional.hpp"
#include "application/guarded_call.hpp"
#include "domain/error.hpp"
#include "domain/ports/clock.hpp"

namespace llmgw::application {

// The time limits of one attempt, on the Clock: until real content arrives
// the first-token limit counts (if any), after it the total limit.
class AttemptDeadline {
public:
    using Duration = std::chrono::milliseconds;
    using TimePoint = std::chrono::steady_clock::time_point;

    // Zero or negative durations mean no such limit. `clock` is borrowed.
    AttemptDeadline(const domain::Clock& clock, Duration first_token, Duration total);

    bool armed() const noexcept { return armed_; }
    // The stream produced real content: from now on only the total counts.
    void content_arrived();

    // Runs `attempt` within the limits; when one runs out first, the attempt
    // is cancelled (its connection closed) and the result is a transient
    // upstream_timeout naming `provider` and the limit.
    template <class T>
    boost::asio::awaitable<domain::Result<T>> run(boost::asio::awaitable<domain::Result<T>> attempt,
                                                  std::string_view provider);

private:
    boost::asio::awaitable<void> expired();
    // The limit that counts now.
    TimePoint current() const noexcept;
    bool first_token_counts() const noexcept;
    domain::Error timeout_error(std::string_view provider) const;

    // Only waited on when there is a limit: an unused alarm still costs the
    // event loop a reactor round.
    const domain::Clock& clock_;
    TimePoint first_token_deadline_;
    TimePoint total_deadline_;
    Duration first_token_;
    Duration total_;
    bool armed_;
    bool content_arrived_ = false;
};

template <class T>
boost::asio::awaitable<domain::Result<T>> AttemptDeadline::run(boost::asio::awaitable<domain::Result<T>> attempt,
                                                               std::string_view provider) {
    using namespace boost::asio::experimental::awaitable_operators;
    if (!armed_) co_return co_await guarded_call(std::move(attempt));
    auto outcome = co_await (as_optional(guarded_call(std::move(attempt))) || expired());
    if (outcome.index() == 0) co_return std::move(*std::get<0>(outcome));
    co_return timeout_error(provider);
}

}  // namespace llmgw::application
