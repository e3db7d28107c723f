#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace llmgw::adapters {

// Turns an upstream's HTTP error into the domain taxonomy, the same way for
// every provider:
//   400, 422 -> invalid_request (the upstream's message: it is about the request)
//   404      -> model_not_found
//   401, 403 -> upstream_error (the gateway's credentials; the upstream's message
//               is dropped because it may quote part of the key)
//   408, 504 -> upstream_timeout;  429 -> rate_limited
//   503, 529 -> upstream_unavailable;  anything else -> upstream_error
// 408, 409, 429, 500, 502, 503, 504 and 529 are transient (worth a retry);
// 400, 401, 403, 404, 422 and the rest are not.
bool transient_status(unsigned status) noexcept;
domain::Error upstream_http_error(std::string_view provider, unsigned status, std::string_view upstream_message,
                                  std::optional<std::chrono::seconds> retry_after);

// A Retry-After header: delay-seconds, or an HTTP-date (IMF-fixdate, e.g.
// "Wed, 21 Oct 2026 07:28:00 GMT") taken relative to `now` and rounded up.
// None when the header is absent or unreadable.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view header,
                                                      std::chrono::system_clock::time_point now);

}  // namespace llmgw::adapters
