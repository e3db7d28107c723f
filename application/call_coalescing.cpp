#include "application/call_coalescing.hpp"

#include <algorithm>
#include <cstring>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace llmgw::application {
namespace asio = boost::asio;

struct CallCoalescing::Flight {
    // Each follower sleeps on a timer of its own event loop that never
    // expires by itself; the leader wakes it on that loop.
    struct Follower {
        explicit Follower(asio::any_io_executor executor)
            : wake(std::move(executor), asio::steady_timer::time_point::max()) {}
        asio::steady_timer wake;
    };
    bool done = false;
    std::shared_ptr<const domain::CacheEntry> answer;
    std::vector<std::shared_ptr<Follower>> followers;
    // The leader's call, and how the leader was cancelled once it left
    // while followers waited (none while it is there).
    std::shared_ptr<Shield> shield;
    asio::cancellation_type leader_left = asio::cancellation_type::none;
};

// Stands between the leader's cancellation and its call. Lives on the
// leader's event loop: its signal is emitted there only.
struct CallCoalescing::Shield {
    explicit Shield(asio::any_io_executor loop) : executor(std::move(loop)) {}
    void drop(asio::cancellation_type type) {
        if (calling) signal.emit(type);
    }
    asio::any_io_executor executor;
    asio::cancellation_signal signal;
    bool calling = true;
};

std::size_t CallCoalescing::KeyHash::operator()(const domain::CacheKey& key) const noexcept {
    std::size_t hash;  // a SHA-256: any of its bytes are as good as a hash
    std::memcpy(&hash, key.data(), sizeof hash);
    return hash;
}

CallCoalescing::Turn CallCoalescing::take(const domain::CacheKey& key) {
    std::lock_guard lock(mutex_);
    auto& flight = flights_[key];
    if (flight) return {std::nullopt, flight};
    flight = std::make_shared<Flight>();
    return {Lead(*this, key, flight), nullptr};
}

void CallCoalescing::Lead::finish(std::shared_ptr<const domain::CacheEntry> answer) noexcept {
    if (!owner_) return;
    std::vector<std::shared_ptr<Flight::Follower>> followers;
    {
        std::lock_guard lock(owner_->mutex_);
        owner_->flights_.erase(key_);  // later requests find the cache, or lead anew
        flight_->done = true;
        flight_->answer = std::move(answer);
        followers.swap(flight_->followers);
    }
    owner_ = nullptr;
    for (auto& follower : followers) {
        asio::post(follower->wake.get_executor(), [follower] { follower->wake.cancel(); });
    }
}

asio::cancellation_slot CallCoalescing::Lead::raise_shield(asio::cancellation_slot leader,
                                                          const asio::any_io_executor& executor) {
    auto shield = std::make_shared<Shield>(executor);
    {
        std::lock_guard lock(owner_->mutex_);
        flight_->shield = shield;
    }
    // Called on the leader's loop, as its request is cancelled.
    leader.assign([owner = owner_, flight = flight_, shield](asio::cancellation_type type) {
        {
            std::lock_guard lock(owner->mutex_);
            if (!flight->followers.empty()) {
                flight->leader_left = type;
                return;
            }
        }
        shield->drop(type);
    });
    return shield->signal.slot();
}

void CallCoalescing::Lead::lower_shield() noexcept {
    std::lock_guard lock(owner_->mutex_);
    flight_->shield->calling = false;
}

namespace {

asio::awaitable<void> woken(asio::steady_timer& wake) {
    co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace

asio::awaitable<domain::Result<std::shared_ptr<const domain::CacheEntry>>> CallCoalescing::follow(
    std::shared_ptr<Flight> flight, const domain::Clock& clock,
    std::optional<std::chrono::steady_clock::time_point> deadline) {
    using namespace asio::experimental::awaitable_operators;
    auto follower = std::make_shared<Flight::Follower>(co_await asio::this_coro::executor);
    {
        std::lock_guard lock(mutex_);
        if (flight->done) co_return flight->answer;
        flight->followers.push_back(follower);
    }
    try {
        if (deadline) {
            co_await (woken(follower->wake) || clock.wait_until(*deadline));
        } else {
            co_await woken(follower->wake);
        }
    } catch (const boost::system::system_error&) {
        // Cancelled while waiting: the caller's next step ends it.
    }
    const bool cancelled =
        (co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none;
    std::lock_guard lock(mutex_);
    if (flight->done) co_return flight->answer;
    std::erase(flight->followers, follower);
    if (flight->followers.empty() && flight->leader_left != asio::cancellation_type::none) {
        // The last one waiting for a call whose leader left: it may stop.
        asio::post(flight->shield->executor,
                   [shield = flight->shield, type = flight->leader_left] { shield->drop(type); });
    }
    if (cancelled) co_return domain::make_error(domain::ErrorCode::client_closed, "The request was cancelled.");
    if (deadline && clock.monotonic() >= *deadline) {
        co_return domain::make_error(domain::ErrorCode::upstream_timeout,
                                     "The request's time limit passed while an identical request was being answered.");
    }
    co_return std::shared_ptr<const domain::CacheEntry>();
}

std::size_t CallCoalescing::in_flight() const {
    std::lock_guard lock(mutex_);
    return flights_.size();
}

}  // namespace llmgw::application
