#include "application/concurrency_limiter.hpp"

#include <algorithm>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

namespace llmgw::application {
namespace asio = boost::asio;

// A waiter sleeps on a timer of its own event loop that never expires by
// itself; whoever hands it a place marks it granted under the lock and wakes
// it on that loop. How long it may wait is the Clock's business.
struct ConcurrencyLimiter::Waiter {
    explicit Waiter(asio::any_io_executor executor) : wake(std::move(executor), asio::steady_timer::time_point::max()) {}
    asio::steady_timer wake;
    bool granted = false;
};

namespace {

asio::awaitable<void> woken(asio::steady_timer& wake) {
    co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
}

// Until woken, or until `max_wait` has passed on `clock`. False when the
// wait was cancelled.
asio::awaitable<bool> wait_in_line(asio::steady_timer& wake, const domain::Clock& clock,
                                   std::chrono::milliseconds max_wait) {
    using namespace asio::experimental::awaitable_operators;
    try {
        if (max_wait.count() > 0) {
            co_await (woken(wake) || clock.wait_until(clock.monotonic() + max_wait));
        } else {
            co_await woken(wake);
        }
    } catch (const boost::system::system_error&) {
        co_return false;  // the cancelled alarm
    }
    co_return (co_await asio::this_coro::cancellation_state).cancelled() == asio::cancellation_type::none;
}

}  // namespace

ConcurrencyLimiter::ConcurrencyLimiter(std::size_t max_in_flight, std::size_t max_queued)
    : max_in_flight_(max_in_flight), max_queued_(max_queued) {}

ConcurrencyLimiter::Slot& ConcurrencyLimiter::Slot::operator=(Slot&& other) noexcept {
    if (this != &other) {
        if (owner_) owner_->release();
        owner_ = std::exchange(other.owner_, nullptr);
    }
    return *this;
}

ConcurrencyLimiter::Slot::~Slot() {
    if (owner_) owner_->release();
}

asio::awaitable<std::optional<ConcurrencyLimiter::Slot>> ConcurrencyLimiter::acquire(const domain::Clock& clock,
                                                                                    std::chrono::milliseconds max_wait) {
    if (!limited()) co_return Slot{};
    {
        std::lock_guard lock(mutex_);
        if (in_flight_ < max_in_flight_) {
            ++in_flight_;
            co_return Slot{this};
        }
    }
    // All places taken: join the line (made outside the lock, checked again
    // inside it, as a place may have come free meanwhile).
    auto waiter = std::make_shared<Waiter>(co_await asio::this_coro::executor);
    {
        std::lock_guard lock(mutex_);
        if (in_flight_ < max_in_flight_) {
            ++in_flight_;
            co_return Slot{this};
        }
        if (line_.size() >= max_queued_) co_return std::nullopt;
        line_.push_back(waiter);
    }
    // Whatever ends the wait, the line is left below, under the lock.
    const bool cancelled = !co_await wait_in_line(waiter->wake, clock, max_wait);
    std::lock_guard lock(mutex_);
    if (waiter->granted) co_return Slot{this};
    // Cancelled, or waited long enough: leave the line.
    line_.erase(std::remove(line_.begin(), line_.end(), waiter), line_.end());
    if (cancelled) throw boost::system::system_error(asio::error::operation_aborted);
    co_return std::nullopt;
}

void ConcurrencyLimiter::release() {
    std::shared_ptr<Waiter> next;
    {
        std::lock_guard lock(mutex_);
        if (line_.empty()) {
            --in_flight_;
            return;
        }
        // The place passes straight to the first in line.
        next = std::move(line_.front());
        line_.pop_front();
        next->granted = true;
    }
    asio::post(next->wake.get_executor(), [next] { next->wake.cancel(); });
}

std::size_t ConcurrencyLimiter::in_flight() const {
    std::lock_guard lock(mutex_);
    return in_flight_;
}

std::size_t ConcurrencyLimiter::queued() const {
    std::lock_guard lock(mutex_);
    return line_.size();
}

}  // namespace llmgw::application
