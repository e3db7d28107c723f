#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "adapters/inbound/http/exchange.hpp"
#include "domain/cache.hpp"
#include "domain/error.hpp"

namespace llmgw::adapters {

// The x-llmgw-cache-ttl request header (whole seconds) and the answer's
// x-llmgw-cache header.
inline constexpr std::string_view cache_ttl_header = "x-llmgw-cache-ttl";
inline constexpr std::string_view cache_header = "x-llmgw-cache";

// What a request asks of the gateway's response cache: the `no-cache`,
// `no-store` and `max-age=N` directives of its Cache-Control headers (case
// insensitive; others are ignored; an unreadable max-age counts as 0, as
// RFC 9111 treats it) and x-llmgw-cache-ttl. An x-llmgw-cache-ttl that is
// not a whole number of seconds from 1 to 30 days is a 400.
domain::Result<domain::CacheControl> cache_control_of(
    const boost::beast::http::request<boost::beast::http::string_body>& request);

// Tells the client how the cache took part (x-llmgw-cache, and `age` on a
// hit); nothing when the cache stayed out of the request.
void tell_cache_status(Exchange& exchange, const domain::CacheStatus& status);

}  // namespace llmgw::adapters
