#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "infrastructure/http/connection.hpp"

namespace llmgw::infrastructure {

// Idle keep-alive connections, per event loop and upstream. A connection
// belongs to the loop that opened it and is only handed out again on that
// loop, so a session never touches another loop's socket; and each loop
// keeps as many as its own peak of concurrent calls to the upstream (up to
// the limit), so that one loop's idle connections never crowd out another's
// and a steady load opens no connection. Thread-safe; the lock is held only
// to move pointers.
class ConnectionPool {
public:
    struct Limits {
        // Per loop and upstream.
        std::size_t max_idle_per_upstream = 256;
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
    // The loop (its execution context) and the upstream.
    using Place = std::pair<const void*, std::string>;
    static Place place_of(const boost::asio::any_io_executor& executor, const std::string& key);

    Limits limits_;
    mutable std::mutex mutex_;
    std::map<Place, std::vector<std::unique_ptr<Connection>>, std::less<>> idle_;
};

}  // namespace llmgw::infrastructure
