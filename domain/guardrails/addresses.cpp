// E-mail addresses, IPv6 addresses and IBANs.

#include <array>
#include <string>
#include <utility>

#include "domain/guardrails/scanners.hpp"

namespace llmgw::domain::scanning {

namespace {

// What the local part of an address is made of in practice (RFC 5322 allows
// more, which prose uses for other things).
constexpr bool is_local_char(char c) noexcept {
    return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
constexpr bool is_domain_char(char c) noexcept { return is_alnum(c) || c == '.' || c == '-'; }

// Whether `domain` is a host name: every label a valid one, and the last
// (the top-level domain) two letters or more.
bool valid_domain(std::string_view domain) noexcept {
    if (domain.empty() || domain.size() > 253) return false;
    std::size_t labels = 0;
    std::size_t start = 0;
    while (start <= domain.size()) {
        std::size_t dot = domain.find('.', start);
        if (dot == std::string_view::npos) dot = domain.size();
        const auto label = domain.substr(start, dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
        ++labels;
        if (dot == domain.size()) {
            if (labels < 2 || label.size() < 2) return false;
            for (char c : label) {
                if (!is_alpha(c)) return false;
            }
            return true;
        }
        start = dot + 1;
    }
    return false;
}

}  // namespace

std::optional<Finding> email_at(std::string_view text, std::size_t at) {
    std::size_t begin = at;
    while (begin > 0 && at - begin < 64 && is_local_char(text[begin - 1])) --begin;
    while (begin < at && (text[begin] == '.' || text[begin] == '-')) ++begin;
    if (begin == at || text[at - 1] == '.') return std::nullopt;
    std::size_t end = at + 1;
    while (end < text.size() && is_domain_char(text[end])) ++end;
    // The sentence's full stop is not the domain's.
    while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
    if (!valid_domain(text.substr(at + 1, end - at - 1))) return std::nullopt;
    return Finding{begin, end, kind_of(Entity::email)};
}

std::optional<Finding> ipv6_at(std::string_view text, std::size_t start) {
    constexpr std::size_t longest = 45;  // eight groups, or six and an IPv4 address
    // Most words are not addresses: one has a ':' within its first five.
    std::size_t first_colon = start;
    while (first_colon < text.size() && first_colon - start < 4 && is_hex(text[first_colon])) ++first_colon;
    if (first_colon == text.size() || text[first_colon] != ':') return std::nullopt;
    std::size_t end = start;
    while (end < text.size() && end - start <= longest &&
           (is_hex(text[end]) || text[end] == ':' || text[end] == '.')) {
        ++end;
    }
    while (end > start && text[end - 1] == '.') --end;
    if (end < text.size() && is_word(text[end])) return std::nullopt;
    const std::string_view token = text.substr(start, end - start);
    std::size_t groups = 0;
    bool digit = false;
    bool compressed = false;  // it has its one "::"
    std::size_t p = 0;
    if (token.starts_with("::")) {
        compressed = true;
        p = 2;
    }
    while (p < token.size()) {
        std::size_t q = p;
        while (q < token.size() && token[q] != ':') ++q;
        const auto group = token.substr(p, q - p);
        if (group.empty()) return std::nullopt;
        if (group.find('.') != std::string_view::npos) {
            // An IPv4 address, only in place of the last two groups.
            if (q != token.size() || group.size() < 7) return std::nullopt;
            for (char c : group) {
                if (!is_digit(c) && c != '.') return std::nullopt;
            }
            groups += 2;
            digit = true;
        } else {
            if (group.size() > 4) return std::nullopt;
            for (char c : group) digit = digit || is_digit(c);
            ++groups;
        }
        if (q == token.size()) break;
        if (q + 1 < token.size() && token[q + 1] == ':') {
            if (compressed) return std::nullopt;
            compressed = true;
            p = q + 2;
        } else {
            p = q + 1;
            if (p == token.size()) return std::nullopt;  // a lone ':' at the end
        }
    }
    // Eight groups, or fewer around one "::"; with a digit somewhere, so
    // that "a::b" in code is not taken for an address.
    const bool full = !compressed && groups == 8;
    const bool shortened = compressed && groups >= 1 && groups <= 7 && digit;
    if (!full && !shortened) return std::nullopt;
    return Finding{start, end, kind_of(Entity::ip)};
}

std::optional<Finding> iban_at(std::string_view text, std::size_t start) {
    if (start + 4 > text.size() || !is_alpha(text[start]) || !is_alpha(text[start + 1]) ||
        !is_digit(text[start + 2]) || !is_digit(text[start + 3])) {
        return std::nullopt;
    }
    const char country[2] = {to_upper(text[start]), to_upper(text[start + 1])};
    const std::size_t length = iban_length({country, 2});
    if (length == 0) return std::nullopt;
    std::array<char, 34> compact{};
    std::size_t size = 0;
    std::size_t group = 0;
    std::size_t p = start;
    while (p < text.size() && size < length) {
        const char c = text[p];
        if (is_alnum(c)) {
            compact[size++] = to_upper(c);
            ++group;
            ++p;
        } else if (c == ' ' && group == 4 && p + 1 < text.size() && is_alnum(text[p + 1])) {
            group = 0;  // printed in groups of four
            ++p;
        } else {
            break;
        }
    }
    if (size != length || (p < text.size() && is_alnum(text[p]))) return std::nullopt;
    if (!iban_checksum_valid({compact.data(), size})) return std::nullopt;
    return Finding{start, p, kind_of(Entity::iban)};
}

bool iban_checksum_valid(std::string_view compact) noexcept {
    // The first four characters go to the end; letters count as 10..35.
    int remainder = 0;
    auto add = [&](char c) {
        if (is_digit(c)) {
            remainder = (remainder * 10 + (c - '0')) % 97;
        } else {
            remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
        }
    };
    for (std::size_t i = 4; i < compact.size(); ++i) add(compact[i]);
    for (std::size_t i = 0; i < 4; ++i) add(compact[i]);
    return remainder == 1;
}

std::size_t iban_length(std::string_view country) noexcept {
    // The IBAN registry (SWIFT): each country's IBAN length.
    static constexpr std::pair<std::string_view, std::uint8_t> lengths[] = {
        {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22},
        {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27},
        {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27},
        {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22},
        {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32},
        {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19},
        {"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
        {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24}, {"SC", 31},
        {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28}, {"TL", 23},
        {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
    };
    for (const auto& [code, length] : lengths) {
        if (code == country) return length;
    }
    return 0;
}

}  // namespace llmgw::domain::scanning
