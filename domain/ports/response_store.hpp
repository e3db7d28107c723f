#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "domain/error.hpp"

namespace llmgw::domain {

// A response a caller asked the gateway to keep (the Responses API's
// `store: true`): what a later request continues by its id, and what the
// caller may read back or delete. The store keeps the texts as they are
// given; what they hold is the front door's business.
struct StoredResponse {
    std::string id;
    // Who may read it: the gateway API key that made it (empty on a gateway
    // without keys).
    std::string owner;
    std::chrono::system_clock::time_point created_at;
    // After this it is gone, as if never kept.
    std::chrono::system_clock::time_point expires_at;
    // The conversation the response answered, and the response itself.
    std::string input_items;
    std::string response;
};

// Where stored responses live (the ledger's database, or memory). Every
// call completes on the awaiting coroutine's executor and never blocks an
// event loop; a store that cannot answer is ErrorCode::ledger_unavailable.
class ResponseStore {
public:
    virtual ~ResponseStore() = default;
    // Keeps `response` (replacing one with its id); expired ones may be
    // purged meanwhile.
    virtual boost::asio::awaitable<Result<void>> keep(StoredResponse response) = 0;
    // The response `id` that `owner` kept, unless it expired before `now`:
    // its id, owner and texts (its times are not read back).
    virtual boost::asio::awaitable<Result<std::optional<StoredResponse>>> find(
        std::string id, std::string owner, std::chrono::system_clock::time_point now) = 0;
    // Deletes the response `id` that `owner` kept; false when there is none.
    virtual boost::asio::awaitable<Result<bool>> forget(std::string id, std::string owner) = 0;
};

}  // namespace llmgw::domain
