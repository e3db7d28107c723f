#pragma once

#include <cstddef>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/ports/response_store.hpp"

namespace llmgw::infrastructure {

// Stored responses in this process, for a gateway whose ledger is in
// memory: lost on exit, and bounded by `max_bytes` (the oldest go first).
class MemoryResponseStore final : public domain::ResponseStore {
public:
    explicit MemoryResponseStore(std::size_t max_bytes) : max_bytes_(max_bytes) {}

    boost::asio::awaitable<domain::Result<void>> keep(domain::StoredResponse response) override;
    boost::asio::awaitable<domain::Result<std::optional<domain::StoredResponse>>> find(
        std::string id, std::string owner, std::chrono::system_clock::time_point now) override;
    boost::asio::awaitable<domain::Result<bool>> forget(std::string id, std::string owner) override;

    std::size_t bytes() const;

private:
    static std::size_t size_of(const domain::StoredResponse& response) noexcept;
    // Under the lock.
    void erase(std::list<domain::StoredResponse>::iterator at);

    const std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::list<domain::StoredResponse> oldest_first_;
    std::unordered_map<std::string, std::list<domain::StoredResponse>::iterator> by_id_;
    std::size_t bytes_ = 0;
};

}  // namespace llmgw::infrastructure
