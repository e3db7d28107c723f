#include "adapters/outbound/common/upstream_error.hpp"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <string>

namespace llmgw::adapters {

bool transient_status(unsigned status) noexcept {
    switch (status) {
    case 408:  // request timeout
    case 409:  // conflict: OpenAI answers it for a concurrent-update race
    case 429:
    case 500:
    case 502:
    case 503:
    case 504:
    case 529: return true;  // Anthropic: overloaded
    default: return false;
    }
}

domain::Error upstream_http_error(std::string_view provider, unsigned status, std::string_view upstream_message,
                                  std::optional<std::chrono::seconds> retry_after) {
    using domain::ErrorCode;
    const std::string who = "The upstream provider `" + std::string(provider) + "`";
    const std::string said = upstream_message.empty() ? std::string() : ": " + std::string(upstream_message);
    const std::string status_text = " (HTTP " + std::to_string(status) + ")";
    domain::Error error;
    switch (status) {
    case 400:
    case 422: error = domain::make_error(ErrorCode::invalid_request, who + " rejected the request" + status_text + said); break;
    case 404: error = domain::make_error(ErrorCode::model_not_found, who + " does not know the model" + status_text + said, "model"); break;
    case 401:
    case 403:
        error = domain::make_error(ErrorCode::upstream_error,
                                   who + " rejected the gateway's credentials" + status_text + ".");
        break;
    case 408:
    case 504: error = domain::make_error(ErrorCode::upstream_timeout, who + " timed out" + status_text + said); break;
    case 429: error = domain::make_error(ErrorCode::rate_limited, who + " is rate limiting" + status_text + said); break;
    case 503:
    case 529: error = domain::make_error(ErrorCode::upstream_unavailable, who + " is overloaded" + status_text + said); break;
    default: error = domain::make_error(ErrorCode::upstream_error, who + " failed" + status_text + said); break;
    }
    error.retry_after = retry_after;
    error.transient = transient_status(status);
    return error;
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view header,
                                                      std::chrono::system_clock::time_point now) {
    if (header.empty()) return std::nullopt;
    // No wait is worth more than a day; longer ones (or dates centuries
    // away) are clamped before any arithmetic can overflow.
    constexpr long long longest = 86'400;
    long long seconds = 0;
    auto [end, ec] = std::from_chars(header.data(), header.data() + header.size(), seconds);
    if (ec == std::errc{} && end == header.data() + header.size()) {
        if (seconds < 0) return std::nullopt;
        return std::chrono::seconds(std::min(seconds, longest));
    }
    if (ec == std::errc::result_out_of_range) return std::chrono::seconds(longest);
    std::tm date{};
    const std::string text(header);
    const char* parsed = ::strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &date);
    if (!parsed || *parsed != '\0') return std::nullopt;
    // In whole seconds of time_t, which holds any year strptime reads.
    // `at` is a whole second, so the wait rounded up is `at` minus the
    // whole seconds of `now`.
    const long long at = ::timegm(&date);
    const long long from = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (at <= from) return std::chrono::seconds(0);
    return std::chrono::seconds(std::min(at - from, longest));
}

}  // namespace llmgw::adapters
