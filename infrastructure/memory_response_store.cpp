#include "infrastructure/memory_response_store.hpp"

namespace llmgw::infrastructure {

std::size_t MemoryResponseStore::size_of(const domain::StoredResponse& response) noexcept {
    return response.id.size() + response.owner.size() + response.input_items.size() + response.response.size();
}

void MemoryResponseStore::erase(std::list<domain::StoredResponse>::iterator at) {
    bytes_ -= size_of(*at);
    by_id_.erase(at->id);
    oldest_first_.erase(at);
}

std::size_t MemoryResponseStore::bytes() const {
    const std::lock_guard lock(mutex_);
    return bytes_;
}

boost::asio::awaitable<domain::Result<void>> MemoryResponseStore::keep(domain::StoredResponse response) {
    {
        const std::lock_guard lock(mutex_);
        // Ids are random: one that is there is the same response kept again,
        // and never another owner's to take over.
        if (const auto found = by_id_.find(response.id); found != by_id_.end()) {
            if (found->second->owner != response.owner) co_return domain::success();
            erase(found->second);
        }
        const auto size = size_of(response);
        while (!oldest_first_.empty() && bytes_ + size > max_bytes_) erase(oldest_first_.begin());
        if (size <= max_bytes_) {
            bytes_ += size;
            oldest_first_.push_back(std::move(response));
            by_id_.emplace(oldest_first_.back().id, std::prev(oldest_first_.end()));
        }
    }
    co_return domain::success();
}

boost::asio::awaitable<domain::Result<std::optional<domain::StoredResponse>>> MemoryResponseStore::find(
    std::string id, std::string owner, std::chrono::system_clock::time_point now) {
    std::optional<domain::StoredResponse> found;
    {
        const std::lock_guard lock(mutex_);
        const auto at = by_id_.find(id);
        if (at != by_id_.end() && at->second->owner == owner) {
            if (at->second->expires_at > now) {
                found = *at->second;
            } else {
                erase(at->second);
            }
        }
    }
    co_return found;
}

boost::asio::awaitable<domain::Result<bool>> MemoryResponseStore::forget(std::string id, std::string owner) {
    bool forgotten = false;
    {
        const std::lock_guard lock(mutex_);
        const auto at = by_id_.find(id);
        if (at != by_id_.end() && at->second->owner == owner) {
            erase(at->second);
            forgotten = true;
        }
    }
    co_return forgotten;
}

}  // namespace llmgw::infrastructure
