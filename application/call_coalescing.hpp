#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "domain/error.hpp"
#include "domain/ports/clock.hpp"
#include "domain/ports/response_cache.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::application {

// Single flight: identical cacheable requests that arrive while the first is
// still being answered wait for its answer instead of calling upstream
// again. Shared by every event loop; a follower waits on a timer of its own
// loop, which the leader wakes there. A streamed lead also hands on each
// chunk as its client gets it: a follower that joins late is told the
// chunks so far, then the rest as they come.
//
// The leader's call is the followers' too: when the leader's own client
// leaves, the call goes on for as long as a follower still waits for it
// (Lead::carry), and stops when the last one has left.
class CallCoalescing {
public:
    struct Flight;
    struct Shield;

    // The first request of a flight: it calls upstream and tells the others
    // what came of it. A lead that ends without `finish` (a failure, a
    // cancelled call) tells them it failed, and they go on by themselves.
    class Lead {
    public:
        Lead(CallCoalescing& owner, domain::CacheKey key, std::shared_ptr<Flight> flight)
            : owner_(&owner), key_(key), flight_(std::move(flight)) {}
        Lead(Lead&& other) noexcept
            : owner_(std::exchange(other.owner_, nullptr)), key_(other.key_), flight_(std::move(other.flight_)) {}
        Lead& operator=(Lead&& other) noexcept {
            if (this != &other) {
                finish(nullptr);
                owner_ = std::exchange(other.owner_, nullptr);
                key_ = other.key_;
                flight_ = std::move(other.flight_);
            }
            return *this;
        }
        ~Lead() { finish(nullptr); }

        // The answer (null: none to share) goes to every follower.
        void finish(std::shared_ptr<const domain::CacheEntry> answer) noexcept;
        // A streamed lead's stream ended normally with `summary`: its
        // streamed followers have had every chunk; `answer` (null: none to
        // share) goes to the others.
        void finish_stream(const domain::StreamSummary& summary,
                           std::shared_ptr<const domain::CacheEntry> answer) noexcept;

        // A streamed lead's chunks come from deployment `model` (told once,
        // before the first chunk), and this one went to its client.
        void served_by(const std::string& model);
        void publish(const domain::StreamChunk& chunk);
        // Whether anyone follows the flight now.
        bool followed() const;

        // Makes the flight's upstream call. The lead's own cancellation (its
        // client left) reaches `call` only while no follower waits for it,
        // else once the last one has left. A lead cancelled on the way
        // still awaits what it needs to hand the answer on afterwards.
        template <class T>
        boost::asio::awaitable<T> carry(boost::asio::awaitable<T> call);

    private:
        // Puts the call behind a shield: `leader` (this coroutine's
        // cancellation slot) tells the shield, which cancels the call's
        // slot that it returns when nobody waits any more.
        boost::asio::cancellation_slot raise_shield(boost::asio::cancellation_slot leader,
                                                    const boost::asio::any_io_executor& executor);
        // The call ended: the shield cancels nothing from now on.
        void lower_shield() noexcept;
        void end(std::shared_ptr<const domain::CacheEntry> answer,
                 const domain::StreamSummary* summary) noexcept;

        CallCoalescing* owner_;
        domain::CacheKey key_;
        std::shared_ptr<Flight> flight_;
    };

    // Leads the flight of `key` when there is none, else follows it.
    struct Turn {
        std::optional<Lead> lead;
        std::shared_ptr<Flight> flight;  // to follow, when not leading
    };
    Turn take(const domain::CacheKey& key);

    // What a follower has not been told yet of the flight it follows.
    struct News {
        std::vector<domain::StreamChunk> chunks;  // a streamed lead's, after the ones seen
        std::string served_by;                    // the deployment they come from
        bool over = false;
        // Once over: the answer (null when the leader had none to share)
        // and, for a stream that ended normally, its summary.
        std::shared_ptr<const domain::CacheEntry> answer;
        std::optional<domain::StreamSummary> summary;
    };

    // One request's place among a flight's followers, from joining until
    // it leaves (this object's end). Lives on its request's event loop.
    class Follower {
    public:
        Follower(std::shared_ptr<Flight> flight, boost::asio::any_io_executor executor, bool streamed);
        Follower(const Follower&) = delete;
        Follower& operator=(const Follower&) = delete;
        ~Follower();

        // Waits for news: for a streamed follower, chunks beyond the
        // `seen` first ones; for any, the end of the flight. No longer than
        // `deadline` (ErrorCode::upstream_timeout); a cancelled wait ends
        // with ErrorCode::client_closed.
        boost::asio::awaitable<domain::Result<News>> next(
            std::size_t seen, const domain::Clock& clock,
            std::optional<std::chrono::steady_clock::time_point> deadline);

        struct Waiting;

    private:
        std::shared_ptr<Flight> flight_;
        std::shared_ptr<Waiting> waiting_;
    };

    // The leader's answer; null when it had none to share (the follower then
    // goes on by itself). Errors as Follower::next.
    boost::asio::awaitable<domain::Result<std::shared_ptr<const domain::CacheEntry>>> follow(
        std::shared_ptr<Flight> flight, const domain::Clock& clock,
        std::optional<std::chrono::steady_clock::time_point> deadline);

private:
    struct KeyHash {
        std::size_t operator()(const domain::CacheKey& key) const noexcept;
    };
    std::mutex mutex_;  // of the map; each flight has its own
    std::unordered_map<domain::CacheKey, std::shared_ptr<Flight>, KeyHash> flights_;
};

namespace detail {
template <class T>
boost::asio::awaitable<void> awaited_into(boost::asio::awaitable<T> call, std::optional<T>& result) {
    result.emplace(co_await std::move(call));
}
}  // namespace detail

template <class T>
boost::asio::awaitable<T> CallCoalescing::Lead::carry(boost::asio::awaitable<T> call) {
    namespace asio = boost::asio;
    const auto executor = co_await asio::this_coro::executor;
    auto state = co_await asio::this_coro::cancellation_state;
    std::optional<T> answer;
    // Its own coroutine, so that the lead's cancellation is not the call's.
    auto shielded = asio::co_spawn(
        executor, detail::awaited_into(std::move(call), answer),
        asio::bind_cancellation_slot(raise_shield(state.slot(), executor), asio::use_awaitable));
    struct Lowered {
        Lead& lead;
        ~Lowered() { lead.lower_shield(); }
    };
    {
        Lowered lowered{*this};
        co_await std::move(shielded);
    }
    if (state.cancelled() != asio::cancellation_type::none) co_await asio::this_coro::throw_if_cancelled(false);
    co_return std::move(*answer);
}

}  // namespace llmgw::application
