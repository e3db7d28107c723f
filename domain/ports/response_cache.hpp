#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "domain/chat_response.hpp"

namespace llmgw::domain {

// Exact-match store of whole answers, keyed by domain::cache_key. A whole
// ChatResponse is enough to replay a streamed answer too.
//
// A cache is an optimisation: implementations swallow their own failures
// (a lookup that fails is a miss, a store that fails is dropped).
class ResponseCache {
public:
    virtual ~ResponseCache() = default;
    virtual boost::asio::awaitable<std::optional<ChatResponse>> lookup(const std::string& key) = 0;
    virtual boost::asio::awaitable<void> store(const std::string& key, const ChatResponse& response,
                                               std::chrono::seconds ttl) = 0;
};

}  // namespace llmgw::domain
