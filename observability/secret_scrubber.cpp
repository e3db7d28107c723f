#include "observability/secret_scrubber.hpp"

#include <algorithm>
#include <cctype>

namespace llmgw::observability {
namespace {

constexpr std::string_view redacted = "[REDACTED]";
// Shorter registered values would redact ordinary words.
constexpr std::size_t min_secret_length = 6;

bool token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '+' || c == '/' ||
           c == '=';
}

// ASCII only: the markers are ASCII, and a locale-free fold is cheap.
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// Where `marker` occurs in `text` from `from` on, ignoring case.
std::size_t find_marker(const std::string& text, std::string_view marker, std::size_t from) {
    auto at = std::search(text.begin() + static_cast<std::ptrdiff_t>(from), text.end(), marker.begin(), marker.end(),
                          [](char a, char b) { return lower(a) == lower(b); });
    return at == text.end() ? std::string::npos : static_cast<std::size_t>(at - text.begin());
}

// Replaces the token that starts at `begin`, when it is at least
// `min_length` long; returns where scanning goes on.
std::size_t redact_token(std::string& text, std::size_t begin, std::size_t min_length) {
    std::size_t end = begin;
    while (end < text.size() && token_char(text[end])) ++end;
    if (end - begin < min_length) return end;
    text.replace(begin, end - begin, redacted);
    return begin + redacted.size();
}

// A key shape: the token after `marker` (the marker stays, as a hint of
// what was there).
void scrub_after(std::string& text, std::string_view marker, std::size_t min_length) {
    for (std::size_t at = find_marker(text, marker, 0); at != std::string::npos;
         at = find_marker(text, marker, at + 1)) {
        at = redact_token(text, at + marker.size(), min_length) - 1;
    }
}

// A named credential (`x-api-key: value`, `"api_key":"value"`,
// `authorization=Bearer value`): the value after the name and its
// separators.
void scrub_named(std::string& text, std::string_view name) {
    for (std::size_t at = find_marker(text, name, 0); at != std::string::npos; at = find_marker(text, name, at + 1)) {
        std::size_t value = at + name.size();
        bool assigned = false;  // a `:` or `=` follows: a value, not just the word
        while (value < text.size() && (text[value] == '"' || text[value] == '\'' || text[value] == ':' ||
                                       text[value] == '=' || text[value] == ' ')) {
            assigned = assigned || text[value] == ':' || text[value] == '=';
            ++value;
        }
        if (!assigned) continue;
        if (find_marker(text, "bearer ", value) == value) value += 7;
        at = redact_token(text, value, 4) - 1;
    }
}

}  // namespace

void SecretScrubber::add_secret(std::string secret) {
    if (secret.size() < min_secret_length) return;
    // Longest first, so that a secret containing another is removed whole.
    secrets_.insert(std::upper_bound(secrets_.begin(), secrets_.end(), secret,
                                     [](const std::string& a, const std::string& b) { return a.size() > b.size(); }),
                    std::move(secret));
}

bool SecretScrubber::may_hold_secret(std::string_view text) const noexcept {
    for (const auto& secret : secrets_) {
        if (text.find(secret) != std::string_view::npos) return true;
    }
    // Every key shape starts with a marker whose first letter is one of
    // these (Bearer, sk-, AIza, ya29., api-key / api_key / apikey,
    // authorization); most text (ids, numbers, model names) has none of
    // them followed by the marker's second letter.
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        // `| 0x20` folds the case of letters (and changes no other byte into one).
        const char first = static_cast<char>(text[i] | 0x20);
        if (first != 'a' && first != 'b' && first != 's' && first != 'y') continue;
        const char second = static_cast<char>(text[i + 1] | 0x20);
        if ((first == 'b' && second == 'e') || (first == 's' && second == 'k') || (first == 'y' && second == 'a') ||
            (first == 'a' && (second == 'i' || second == 'p' || second == 'u'))) {
            return true;
        }
    }
    return false;
}

std::string SecretScrubber::scrub(std::string_view text) const {
    if (!may_hold_secret(text)) return std::string(text);
    std::string clean(text);
    for (const auto& secret : secrets_) {
        for (std::size_t at = clean.find(secret); at != std::string::npos; at = clean.find(secret, at)) {
            clean.replace(at, secret.size(), redacted);
        }
    }
    scrub_after(clean, "Bearer ", 8);
    scrub_after(clean, "sk-", 16);
    scrub_after(clean, "AIza", 30);
    scrub_after(clean, "ya29.", 20);
    for (std::string_view name : {"api-key", "api_key", "apikey", "authorization"}) scrub_named(clean, name);
    return clean;
}

}  // namespace llmgw::observability
