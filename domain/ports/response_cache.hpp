#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <variant>

#include <boost/asio/awaitable.hpp>

#include "domain/chat_response.hpp"
#include "domain/embedding.hpp"

namespace llmgw::domain {

// The SHA-256 of a request's canonical form and its cache scope
// (application/cache_key.hpp).
using CacheKey = std::array<unsigned char, 32>;

// A stored answer. A whole ChatResponse is enough to replay a streamed
// answer too.
struct CacheEntry {
    std::variant<ChatResponse, EmbeddingResponse> answer;
    // When it was stored (wall time: an entry may come from another
    // instance), for max-age and the answer's `age`.
    std::chrono::system_clock::time_point stored_at;
};

// Exact-match store of whole answers. Entries are immutable and shared:
// a hit hands out the stored entry, never a copy.
//
// A cache is an optimisation: implementations swallow their own failures
// (a lookup that fails is a miss, a store that fails is dropped) and never
// make a request wait long.
class ResponseCache {
public:
    virtual ~ResponseCache() = default;
    // The live entry under `key`; null when there is none (or it expired).
    // Keys by value: a coroutine may run after its caller's temporary is gone.
    virtual boost::asio::awaitable<std::shared_ptr<const CacheEntry>> lookup(CacheKey key) = 0;
    virtual boost::asio::awaitable<void> store(CacheKey key, std::shared_ptr<const CacheEntry> entry,
                                               std::chrono::seconds ttl) = 0;
};

}  // namespace llmgw::domain
