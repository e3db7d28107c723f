#include "adapters/inbound/http/accept_header.hpp"

#include <algorithm>
#include <charconv>

namespace llmgw::adapters {
namespace {

std::string_view trimmed(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool same_token(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return (x | 0x20) == (y | 0x20);  // media types are case-insensitive
           });
}

// An item's weight: its q parameter (RFC 9110 §12.4.2), 1 without one, 0 if unreadable.
double weight_of(std::string_view parameters) noexcept {
    while (!parameters.empty()) {
        const auto end = std::min(parameters.find(';'), parameters.size());
        const auto parameter = trimmed(parameters.substr(0, end));
        parameters.remove_prefix(std::min(end + 1, parameters.size()));
        if (parameter.size() < 2 || (parameter[0] | 0x20) != 'q' || parameter[1] != '=') continue;
        double q = 0;
        const auto value = parameter.substr(2);
        const auto [stop, error] = std::from_chars(value.data(), value.data() + value.size(), q);
        return error == std::errc() && stop == value.data() + value.size() && q >= 0 && q <= 1 ? q : 0;
    }
    return 1;
}

}  // namespace

bool prefers_openmetrics(std::string_view accept) noexcept {
    double openmetrics = 0;
    double text = 0;
    while (!accept.empty()) {
        const auto end = std::min(accept.find(','), accept.size());
        const auto item = accept.substr(0, end);
        accept.remove_prefix(std::min(end + 1, accept.size()));
        const auto semicolon = std::min(item.find(';'), item.size());
        const auto media = trimmed(item.substr(0, semicolon));
        const auto weight = weight_of(item.substr(std::min(semicolon + 1, item.size())));
        if (same_token(media, "application/openmetrics-text")) {
            openmetrics = std::max(openmetrics, weight);
        } else if (same_token(media, "text/plain") || same_token(media, "text/*") || media == "*/*") {
            text = std::max(text, weight);
        }
    }
    return openmetrics > 0 && openmetrics >= text;
}

}  // namespace llmgw::adapters
