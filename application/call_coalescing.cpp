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
