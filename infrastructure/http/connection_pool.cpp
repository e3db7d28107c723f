#include "infrastructure/http/connection_pool.hpp"

#include <boost/asio/execution/context.hpp>
#include <boost/asio/query.hpp>

namespace llmgw::infrastructure {

ConnectionPool::Place ConnectionPool::place_of(const boost::asio::any_io_executor& executor, const std::string& key) {
    const auto& context = boost::asio::query(executor, boost::asio::execution::context);
    return {&context, key};
}

std::unique_ptr<Connection> ConnectionPool::take(const std::string& key,
                                                 const boost::asio::any_io_executor& executor) {
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::unique_ptr<Connection>> stale;  // closed outside the lock
    std::unique_ptr<Connection> found;
    const auto place = place_of(executor, key);
    std::lock_guard lock(mutex_);
    auto entry = idle_.find(place);
    if (entry == idle_.end()) return nullptr;
    auto& connections = entry->second;
    // Newest last: take from the back, where connections are warmest.
    while (!connections.empty() && !found) {
        auto connection = std::move(connections.back());
        connections.pop_back();
        // Bytes that arrived while it sat idle belong to no request.
        if (now - connection->idle_since() > limits_.max_idle_time || !connection->clean()) {
            stale.push_back(std::move(connection));
        } else {
            found = std::move(connection);
        }
    }
    return found;
}

void ConnectionPool::give_back(const std::string& key, std::unique_ptr<Connection> connection) {
    connection->mark_idle();
    const auto place = place_of(connection->executor(), key);
    std::lock_guard lock(mutex_);
    auto& connections = idle_[place];
    // When full, the returned connection is closed here, on its own loop.
    if (connections.size() < limits_.max_idle_per_upstream) connections.push_back(std::move(connection));
}

std::size_t ConnectionPool::idle_count() const {
    std::lock_guard lock(mutex_);
    std::size_t count = 0;
    for (const auto& [place, connections] : idle_) count += connections.size();
    return count;
}

}  // namespace llmgw::infrastructure
