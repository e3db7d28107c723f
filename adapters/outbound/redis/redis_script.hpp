#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "adapters/outbound/redis/redis_client.hpp"

namespace llmgw::adapters::redis {

// A Lua script that Redis runs atomically: called by its SHA-1 (EVALSHA),
// so that only the digest travels, and sent whole (EVAL) the first time a
// server does not know it yet (after a restart or SCRIPT FLUSH).
class RedisScript {
public:
    explicit RedisScript(std::string source);

    // Runs the script with `keys` and `arguments` (as KEYS and ARGV).
    boost::asio::awaitable<domain::Result<Reply>> call(RedisClient& client, std::span<const std::string_view> keys,
                                                       std::span<const std::string_view> arguments,
                                                       std::chrono::milliseconds timeout) const;
    const std::string& sha1() const noexcept { return sha1_; }

private:
    std::string command(std::string_view verb, std::string_view body, std::span<const std::string_view> keys,
                        std::span<const std::string_view> arguments) const;

    std::string source_;
    std::string sha1_;  // hex, as EVALSHA takes it
};

}  // namespace llmgw::adapters::redis
