#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>

#include "domain/ports/clock.hpp"
#include "domain/ports/response_store.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

struct StoredResponsesOptions {
    // Whether callers may have responses kept at all (`responses.store`).
    bool enabled = true;
    // How long a response is kept (`responses.ttl_s`).
    std::chrono::seconds ttl{std::chrono::hours(24 * 30)};
    // The most one response with its conversation may take
    // (`responses.max_bytes`): a longer one is answered but not kept.
    std::size_t max_bytes = 8u << 20;
};

// Use case: responses kept on the caller's request and read back by it.
// Each belongs to the key that made it: another key is told it does not
// exist, never that it belongs to someone else.
class StoredResponses {
public:
    StoredResponses(domain::ResponseStore& store, const domain::Clock& clock, StoredResponsesOptions options)
        : store_(store), clock_(clock), options_(options) {}

    bool enabled() const noexcept { return options_.enabled; }

    // Keeps what `context`'s caller asked to store; false when it was not
    // kept (storing is off, it is too large, or the store failed), which the
    // answer then says.
    // (Views, not strings: GCC 12 may destroy twice a string argument made
    // for a co_await expression.)
    boost::asio::awaitable<bool> keep(const domain::RequestContext& context, std::string_view id,
                                      std::string_view input_items, std::string_view response) const;
    // The caller's response `id`, while it is kept.
    boost::asio::awaitable<domain::Result<std::optional<domain::StoredResponse>>> find(
        const domain::RequestContext& context, std::string_view id) const;
    // Deletes the caller's response `id`; false when there is none.
    boost::asio::awaitable<domain::Result<bool>> forget(const domain::RequestContext& context,
                                                        std::string_view id) const;

private:
    domain::ResponseStore& store_;
    const domain::Clock& clock_;
    const StoredResponsesOptions options_;
};

}  // namespace llmgw::application
