#include "application/stored_responses.hpp"

namespace llmgw::application {

boost::asio::awaitable<bool> StoredResponses::keep(const domain::RequestContext& context, std::string_view id,
                                                   std::string_view input_items, std::string_view response) const {
    if (!options_.enabled || input_items.size() + response.size() > options_.max_bytes) co_return false;
    const auto now = clock_.now();
    domain::StoredResponse kept{.id = std::string(id),
                                .owner = context.caller.api_key_id,
                                .created_at = now,
                                .expires_at = now + options_.ttl,
                                .input_items = std::string(input_items),
                                .response = std::string(response)};
    const auto written = co_await store_.keep(std::move(kept));
    co_return written.has_value();
}

boost::asio::awaitable<domain::Result<std::optional<domain::StoredResponse>>> StoredResponses::find(
    const domain::RequestContext& context, std::string_view id) const {
    if (!options_.enabled) co_return std::optional<domain::StoredResponse>{};
    // Named before they are awaited with (GCC 12 and temporaries).
    std::string key(id);
    auto owner = context.caller.api_key_id;
    const auto now = clock_.now();
    co_return co_await store_.find(std::move(key), std::move(owner), now);
}

boost::asio::awaitable<domain::Result<bool>> StoredResponses::forget(const domain::RequestContext& context,
                                                                    std::string_view id) const {
    if (!options_.enabled) co_return false;
    std::string key(id);
    auto owner = context.caller.api_key_id;
    co_return co_await store_.forget(std::move(key), std::move(owner));
}

}  // namespace llmgw::application
