#include "application/call_coalescing.hpp"

#include <algorithm>
#include <cstring>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace llmgw::application {
namespace asio = boost::asio;

// A follower sleeps on a timer of its own event loop that never expires by
// itself; the leader wakes it there by making it expire at once, which also
// ends a wait that has not begun yet: no wake-up is lost.
struct CallCoalescing::Follower::Waiting {
    Waiting(asio::any_io_executor executor, bool streamed_chunks)
        : wake(std::move(executor), asio::steady_timer::time_point::max()), streamed(streamed_chunks) {}
    asio::steady_timer wake;
    bool streamed;  // wants every chunk, not only the end
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

struct CallCoalescing::Flight {
    std::mutex mutex;
    bool done = false;
    std::shared_ptr<const domain::CacheEntry> answer;
    std::optional<domain::StreamSummary> summary;
    std::vector<domain::StreamChunk> chunks;
    std::string served_by;
    std::vector<std::shared_ptr<Follower::Waiting>> followers;
    // The leader's call, and how the leader was cancelled once it left
    // while followers waited (none while it is there).
    std::shared_ptr<Shield> shield;
    asio::cancellation_type leader_left = asio::cancellation_type::none;

    // Under `mutex`.
    void wake(bool streamed_only) {
        for (const auto& follower : followers) {
            if (streamed_only && !follower->streamed) continue;
            asio::post(follower->wake.get_executor(),
                       [follower] { follower->wake.expires_at(asio::steady_timer::time_point::min()); });
        }
    }
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

// ---- The lead ----

void CallCoalescing::Lead::finish(std::shared_ptr<const domain::CacheEntry> answer) noexcept {
    end(std::move(answer), nullptr);
}

void CallCoalescing::Lead::finish_stream(const domain::StreamSummary& summary,
                                         std::shared_ptr<const domain::CacheEntry> answer) noexcept {
    end(std::move(answer), &summary);
}

void CallCoalescing::Lead::end(std::shared_ptr<const domain::CacheEntry> answer,
                               const domain::StreamSummary* summary) noexcept {
    if (!owner_) return;
    {
        std::lock_guard lock(owner_->mutex_);
        owner_->flights_.erase(key_);  // later requests find the cache, or lead anew
    }
    owner_ = nullptr;
    std::lock_guard lock(flight_->mutex);
    flight_->done = true;
    flight_->answer = std::move(answer);
    if (summary) flight_->summary = *summary;
    flight_->wake(false);
}

void CallCoalescing::Lead::served_by(const std::string& model) {
    std::lock_guard lock(flight_->mutex);
    flight_->served_by = model;
}

void CallCoalescing::Lead::publish(const domain::StreamChunk& chunk) {
    std::lock_guard lock(flight_->mutex);
    flight_->chunks.push_back(chunk);
    flight_->wake(true);
}

bool CallCoalescing::Lead::followed() const {
    std::lock_guard lock(flight_->mutex);
    return !flight_->followers.empty();
}

asio::cancellation_slot CallCoalescing::Lead::raise_shield(asio::cancellation_slot leader,
                                                          const asio::any_io_executor& executor) {
    auto shield = std::make_shared<Shield>(executor);
    {
        std::lock_guard lock(flight_->mutex);
        flight_->shield = shield;
    }
    // A leader that nobody can cancel (no slot) has nothing to shield.
    if (!leader.is_connected()) return shield->signal.slot();
    // Called on the leader's loop, as its request is cancelled.
    leader.assign([flight = flight_, shield](asio::cancellation_type type) {
        {
            std::lock_guard lock(flight->mutex);
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
    std::lock_guard lock(flight_->mutex);
    flight_->shield->calling = false;
}

// ---- The followers ----

CallCoalescing::Follower::Follower(std::shared_ptr<Flight> flight, asio::any_io_executor executor, bool streamed)
    : flight_(std::move(flight)), waiting_(std::make_shared<Waiting>(std::move(executor), streamed)) {
    std::lock_guard lock(flight_->mutex);
    flight_->followers.push_back(waiting_);
}

CallCoalescing::Follower::~Follower() {
    std::lock_guard lock(flight_->mutex);
    std::erase(flight_->followers, waiting_);
    if (flight_->followers.empty() && flight_->leader_left != asio::cancellation_type::none && flight_->shield) {
        // The last one waiting for a call whose leader left: it may stop.
        asio::post(flight_->shield->executor,
                   [shield = flight_->shield, type = flight_->leader_left] { shield->drop(type); });
    }
}

namespace {

asio::awaitable<void> woken(asio::steady_timer& wake) {
    co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace

asio::awaitable<domain::Result<CallCoalescing::News>> CallCoalescing::Follower::next(
    std::size_t seen, const domain::Clock& clock, std::optional<std::chrono::steady_clock::time_point> deadline) {
    using namespace asio::experimental::awaitable_operators;
    for (;;) {
        // Armed before looking: a wake-up from now on is not missed.
        waiting_->wake.expires_at(asio::steady_timer::time_point::max());
        std::optional<News> news;
        {
            std::lock_guard lock(flight_->mutex);
            const bool more = waiting_->streamed && flight_->chunks.size() > seen;
            if (more || flight_->done) {
                news.emplace();
                if (more) news->chunks.assign(flight_->chunks.begin() + seen, flight_->chunks.end());
                news->served_by = flight_->served_by;
                news->over = flight_->done;
                news->answer = flight_->answer;
                news->summary = flight_->summary;
            }
        }
        if (news) co_return std::move(*news);
        try {
            if (deadline) {
                co_await (woken(waiting_->wake) || clock.wait_until(*deadline));
            } else {
                co_await woken(waiting_->wake);
            }
        } catch (const boost::system::system_error&) {
            // Cancelled while waiting: told below.
        }
        if ((co_await asio::this_coro::cancellation_state).cancelled() != asio::cancellation_type::none) {
            co_return domain::make_error(domain::ErrorCode::client_closed, "The request was cancelled.");
        }
        if (deadline && clock.monotonic() >= *deadline) {
            co_return domain::make_error(domain::ErrorCode::upstream_timeout,
                                         "The request's time limit passed while an identical request was being "
                                         "answered.");
        }
    }
}

asio::awaitable<domain::Result<std::shared_ptr<const domain::CacheEntry>>> CallCoalescing::follow(
    std::shared_ptr<Flight> flight, const domain::Clock& clock,
    std::optional<std::chrono::steady_clock::time_point> deadline) {
    Follower follower(std::move(flight), co_await asio::this_coro::executor, false);
    BOOST_OUTCOME_CO_TRY(auto news, co_await follower.next(0, clock, deadline));
    co_return std::move(news.answer);
}

}  // namespace llmgw::application
