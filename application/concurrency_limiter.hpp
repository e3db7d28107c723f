#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include <boost/asio/awaitable.hpp>

#include "domain/ports/clock.hpp"

namespace llmgw::application {

// At most `max_in_flight` calls at once to one deployment, with a bounded
// line of waiters behind them, shared by every event loop. A full line is
// refused at once: piling requests up only moves the overload elsewhere.
// `max_in_flight` 0 means no limit.
class ConcurrencyLimiter {
public:
    ConcurrencyLimiter(std::size_t max_in_flight, std::size_t max_queued);
    ConcurrencyLimiter(const ConcurrencyLimiter&) = delete;
    ConcurrencyLimiter& operator=(const ConcurrencyLimiter&) = delete;

    // Holds one place; gives it back (to the first waiter, if any) when it
    // goes out of scope.
    class Slot {
    public:
        Slot() = default;
        explicit Slot(ConcurrencyLimiter* owner) : owner_(owner) {}
        Slot(Slot&& other) noexcept : owner_(std::exchange(other.owner_, nullptr)) {}
        Slot& operator=(Slot&& other) noexcept;
        ~Slot();

    private:
        ConcurrencyLimiter* owner_ = nullptr;
    };

    // A place, after waiting in line (at most `max_wait` on `clock`, zero for
    // no limit) if all are taken; none when the line is full too, or the wait
    // ran out. A cancelled wait leaves the line and throws.
    boost::asio::awaitable<std::optional<Slot>> acquire(const domain::Clock& clock,
                                                        std::chrono::milliseconds max_wait = {});

    std::size_t in_flight() const;
    std::size_t queued() const;
    bool limited() const noexcept { return max_in_flight_ > 0; }

private:
    struct Waiter;
    void release();

    const std::size_t max_in_flight_;
    const std::size_t max_queued_;
    mutable std::mutex mutex_;
    std::size_t in_flight_ = 0;
    std::deque<std::shared_ptr<Waiter>> line_;
};

}  // namespace llmgw::application
