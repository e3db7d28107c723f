#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "adapters/outbound/redis/redis_client.hpp"
#include "adapters/outbound/redis/redis_script.hpp"

namespace llmgw::adapters::redis {

struct SharedStateOptions {
    std::string key_prefix = "llmgw:";
    // A script that takes longer: Redis counts as down for that request.
    std::chrono::milliseconds timeout{100};
};

// What the shared-state stores in Redis have in common: their client, key
// prefix and this instance's name in Redis, and the loops their requests
// ran on, so that what ends a request (a hold given back, a reservation
// settled) is sent from the same loop, without waiting, when the request's
// own code can no longer wait.
class SharedStateBase {
protected:
    SharedStateBase(RedisClient& client, SharedStateOptions options);

    // The index of the loop this coroutine runs on, remembered.
    boost::asio::awaitable<std::uint16_t> loop_here();
    // Runs `script` on loop `loop` without waiting for it; `then`, when
    // given, gets its reply there. Never throws: a command that cannot be
    // sent, or fails, is lost (and counted).
    void run_detached(std::uint16_t loop, const RedisScript& script, std::vector<std::string> keys,
                      std::vector<std::string> arguments,
                      std::function<void(const Reply&)> then = {}) const noexcept;
    // Runs `work` on loop `loop`, detached (`work` may refer to this
    // store, which outlives the loops' running).
    void run_on(std::uint16_t loop, boost::asio::awaitable<void> work) const;
    // Whether a request has run on some loop yet (loop 0).
    bool any_loop() const;
    // Like RedisScript::call, with this store's timeout.
    boost::asio::awaitable<domain::Result<Reply>> run(const RedisScript& script, std::span<const std::string> keys,
                                                      std::span<const std::string> arguments) const;
    // Runs a script that decides a request: its reply, a non-empty array;
    // else ErrorCode::shared_state_unavailable naming `what` (Redis down,
    // slow, or answering with an error).
    boost::asio::awaitable<domain::Result<Reply>> decide(const RedisScript& script, std::span<const std::string> keys,
                                                         std::span<const std::string> arguments,
                                                         std::string_view what) const;

public:
    // Commands that ended a request but could not be sent or failed.
    std::uint64_t lost_commands() const noexcept { return lost_.load(std::memory_order_relaxed); }

protected:
    RedisClient& client_;
    const SharedStateOptions options_;
    // Unique to this process: its entries in shared sets are its own.
    const std::string instance_;

private:
    boost::asio::any_io_executor executor_of(std::uint16_t loop) const;

    mutable std::mutex mutex_;
    std::vector<boost::asio::any_io_executor> loops_;
    mutable std::atomic<std::uint64_t> lost_{0};
};

// A Redis reply's integer, whether Redis sent it as an integer or a string.
std::int64_t integer_of(const Reply& reply) noexcept;

}  // namespace llmgw::adapters::redis
