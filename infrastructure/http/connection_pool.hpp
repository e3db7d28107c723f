#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "infrastructure/http/connection.hpp"

namespace llmgw::infrastructure {

// Idle keep-alive connections, per upstream. A connection belongs to the event
// loop that opened it and is only handed out again on that loop, so a session
// never touches another loop's socket. Thread-safe; the lock is held only to
// move pointers.
class ConnectionPool {
public:
    struct Limits {
        std::size_t max_idle_per_upstream = 32;
        // Upstreams close idle connections on their own schedule; older ones
        // are dropped rather than risked.
        std::chrono::seconds max_idle_time{30};
    };

    explicit ConnectionPool(Limits limits) : limits_(limits) {}

    // An idle connection to `key` opened on `executor`'s loop, or null.
    std::unique_ptr<Connection> take(const std::string& key, const boost::asio::any_io_executor& executor);
    void give_back(const std::string& key, std::unique_ptr<Connection> connection);

    std::size_t idle_count() const;

private:
    Limits limits_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
};

}  // namespace llmgw::infrastructure
