#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/execution_context.hpp>

#include "adapters/outbound/redis/resp.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters::redis {

// Where a Redis server is: redis://[[user]:password@]host[:port][/db].
struct RedisEndpoint {
    std::string host;
    std::string port = "6379";
    std::string username;  // for AUTH with an ACL user; empty: the default user
    std::string password;
    int db = 0;
};

// The endpoint `url` names; the error never repeats the password.
domain::Result<RedisEndpoint> parse_redis_url(std::string_view url);

struct RedisOptions {
    std::chrono::milliseconds connect_timeout{1000};
    std::size_t max_reply_bytes = 64u << 20;
};

// A Redis client on Asio: one connection per event loop that uses it, opened
// on first use (AUTH and SELECT go first), reopened on the next command after
// it failed. Commands from every request on a loop are pipelined on its
// connection: written together, their replies read in order. Thread-safe;
// a connection is only ever touched on its own loop. The client must be
// destroyed before the event loops it was used on (it closes its sockets).
class RedisClient {
public:
    RedisClient(RedisEndpoint endpoint, RedisOptions options);
    ~RedisClient();
    RedisClient(const RedisClient&) = delete;
    RedisClient& operator=(const RedisClient&) = delete;

    // Sends `command` (RESP, see append_command) and waits at most `timeout`
    // for its reply. An error reply is a reply; errors are the connection's
    // (ErrorCode::upstream_unavailable) or the time limit's
    // (ErrorCode::upstream_timeout). A reply that comes after its caller
    // stopped waiting is read and dropped.
    boost::asio::awaitable<domain::Result<Reply>> call(std::string command, std::chrono::milliseconds timeout);
    // Sends `command` without waiting for its reply (which is dropped).
    boost::asio::awaitable<void> send(std::string command);

    class Connection;

private:
    std::shared_ptr<Connection> connection_here(const boost::asio::any_io_executor& executor);

    const RedisEndpoint endpoint_;
    const RedisOptions options_;
    std::mutex mutex_;
    std::unordered_map<boost::asio::execution_context*, std::shared_ptr<Connection>> connections_;
};

}  // namespace llmgw::adapters::redis
