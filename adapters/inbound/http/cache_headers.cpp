#include "adapters/inbound/http/cache_headers.hpp"

#include <algorithm>
#include <charconv>
#include <string>

namespace llmgw::adapters {
namespace http = boost::beast::http;

namespace {

// RFC 9111 §1.2.2: delta-seconds beyond what a cache can count are 2^31.
constexpr long long greatest_delta_seconds = 2'147'483'648;
constexpr long long most_cache_ttl_s = 30LL * 86'400;

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool same_word(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x >= 'A' && x <= 'Z' ? x + 32 : x) == (y >= 'A' && y <= 'Z' ? y + 32 : y);
           });
}

// A max-age value: digits, perhaps quoted; anything else is stale (0).
std::chrono::seconds delta_seconds(std::string_view value) {
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    if (value.empty() || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::chrono::seconds(0);
    }
    long long seconds = 0;
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (error == std::errc::result_out_of_range || seconds > greatest_delta_seconds) seconds = greatest_delta_seconds;
    return std::chrono::seconds(seconds);
}

void read_directives(std::string_view list, domain::CacheControl& control) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        const auto directive = trimmed(list.substr(0, comma));
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        const auto equals = directive.find('=');
        const auto name = trimmed(directive.substr(0, equals));
        if (same_word(name, "no-cache")) control.no_cache = true;
        if (same_word(name, "no-store")) control.no_store = true;
        if (same_word(name, "max-age")) {
            const auto age = equals == std::string_view::npos ? std::chrono::seconds(0)
                                                              : delta_seconds(trimmed(directive.substr(equals + 1)));
            // Of several, the strictest.
            control.max_age = control.max_age ? std::min(*control.max_age, age) : age;
        }
    }
}

}  // namespace

domain::Result<domain::CacheControl> cache_control_of(const http::request<http::string_body>& request) {
    domain::CacheControl control;
    const auto [first, last] = request.equal_range(http::field::cache_control);
    for (auto field = first; field != last; ++field) read_directives(field->value(), control);
    const auto ttl = request.find(cache_ttl_header);
    if (ttl == request.end()) return control;
    const auto text = trimmed(ttl->value());
    long long seconds = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (error != std::errc{} || end != text.data() + text.size() || seconds < 1 || seconds > most_cache_ttl_s) {
        return domain::make_error(domain::ErrorCode::invalid_request,
                                  "The header " + std::string(cache_ttl_header) +
                                      " must be a whole number of seconds from 1 to " +
                                      std::to_string(most_cache_ttl_s) + ".");
    }
    control.ttl = std::chrono::seconds(seconds);
    return control;
}

void tell_cache_status(Exchange& exchange, const domain::CacheStatus& status) {
    if (status.outcome == domain::CacheOutcome::none) return;
    exchange.set_header(cache_header, std::string(domain::to_string(status.outcome)));
    if (status.outcome == domain::CacheOutcome::hit) exchange.set_header("age", std::to_string(status.age.count()));
}

}  // namespace llmgw::adapters
