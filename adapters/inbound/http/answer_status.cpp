#include "adapters/inbound/http/answer_status.hpp"

#include <string>

#include "adapters/inbound/http/cache_headers.hpp"

namespace llmgw::adapters {
namespace {

void tell_window(Exchange& exchange, const std::optional<domain::RateLimitStatus::Window>& window,
                 std::string_view what) {
    if (!window) return;
    const std::string suffix(what);
    exchange.set_header("x-ratelimit-limit-" + suffix, std::to_string(window->limit));
    exchange.set_header("x-ratelimit-remaining-" + suffix, std::to_string(window->remaining));
    exchange.set_header("x-ratelimit-reset-" + suffix, domain::reset_text(window->reset));
}

}  // namespace

void tell_answer_status(Exchange& exchange, const AnswerStatus& status) {
    tell_cache_status(exchange, status.cache);
    tell_window(exchange, status.rate_limits.requests, "requests");
    tell_window(exchange, status.rate_limits.tokens, "tokens");
}

}  // namespace llmgw::adapters
