#include "infrastructure/http/connection_pool.hpp"

#include <algorithm>

namespace llmgw::infrastructure {

std::unique_ptr<Connection> ConnectionPool::take(const std::string& key,
                                                 const boost::asio::any_io_executor& executor) {
    const auto now = std::chrono::steady_clock::now();
    std::vector<std::unique_ptr<Connection>> stale;  // closed outside the lock
    std::unique_ptr<Connection> found;
    {
        std::lock_guard lock(mutex_);
        auto entry = idle_.find(key);
        if (entry == idle_.end()) return nullptr;
        auto& connections = entry->second;
        // Newest last: take from the back, where connections are warmest.
        for (auto it = connections.rbegin(); it != connections.rend(); ++it) {
            if ((*it)->executor() != executor) continue;
            // Bytes that arrived while it sat idle belong to no request.
            if (now - (*it)->idle_since() > limits_.max_idle_time || !(*it)->clean()) {
                stale.push_back(std::move(*it));
                continue;
            }
            found = std::move(*it);
            break;
        }
        std::erase(connections, nullptr);
    }
    return found;
}

void ConnectionPool::give_back(const std::string& key, std::unique_ptr<Connection> connection) {
    connection->mark_idle();
    std::lock_guard lock(mutex_);
    auto& connections = idle_[key];
    // When full, the returned connection is closed here, on its own loop.
    if (connections.size() < limits_.max_idle_per_upstream) connections.push_back(std::move(connection));
}

std::size_t ConnectionPool::idle_count() const {
    std::lock_guard lock(mutex_);
    std::size_t count = 0;
    for (const auto& [key, connections] : idle_) count += connections.size();
    return count;
}

}  // namespace llmgw::infrastructure
