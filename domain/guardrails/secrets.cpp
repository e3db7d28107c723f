// Credentials: by their issuers' shapes, as values of keys that name them,
// and PEM private keys.

#include <array>
#include <cmath>

#include "domain/guardrails/scanners.hpp"

namespace llmgw::domain::scanning {

namespace {

constexpr bool is_key_char(char c) noexcept { return is_alnum(c) || c == '_' || c == '-'; }
constexpr bool is_token_char(char c) noexcept {
    return is_alnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '=';
}

// Whether `word` (lower case) is at `at`, in any case.
bool starts_with_folded(std::string_view text, std::size_t at, std::string_view word) noexcept {
    if (text.size() - at < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (to_lower(text[at + i]) != word[i]) return false;
    }
    return true;
}

template <class CharClass>
std::size_t run_end(std::string_view text, std::size_t from, CharClass in_run) noexcept {
    while (from < text.size() && in_run(text[from])) ++from;
    return from;
}

// `prefix` at `start`, then at least `least` characters of the class: the
// whole as a secret.
template <class CharClass>
std::optional<Finding> prefixed(std::string_view text, std::size_t start, std::string_view prefix, std::size_t least,
                                CharClass in_run) {
    if (text.substr(start, prefix.size()) != prefix) return std::nullopt;
    const std::size_t end = run_end(text, start + prefix.size(), in_run);
    if (end - start - prefix.size() < least) return std::nullopt;
    return Finding{start, end, kind_of(Entity::secret)};
}

std::optional<Finding> aws_access_key(std::string_view text, std::size_t start) {
    static constexpr std::array<std::string_view, 11> prefixes{"AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA",
                                                              "AIPA", "ANPA", "ANVA", "AROA", "APKA"};
    constexpr std::size_t length = 20;
    if (text.size() - start < length) return std::nullopt;
    bool known = false;
    for (auto prefix : prefixes) known = known || text.substr(start, 4) == prefix;
    if (!known) return std::nullopt;
    for (std::size_t i = start + 4; i < start + length; ++i) {
        if (!is_upper(text[i]) && !is_digit(text[i])) return std::nullopt;
    }
    if (start + length < text.size() && is_alnum(text[start + length])) return std::nullopt;
    return Finding{start, start + length, kind_of(Entity::secret)};
}

// header.payload.signature, each base64url; the header and payload are
// JSON objects, so they start "eyJ".
std::optional<Finding> json_web_token(std::string_view text, std::size_t start) {
    if (text.substr(start, 3) != "eyJ") return std::nullopt;
    auto base64url = [](char c) { return is_alnum(c) || c == '-' || c == '_'; };
    const std::size_t header_end = run_end(text, start, base64url);
    if (header_end - start < 10 || header_end == text.size() || text[header_end] != '.') return std::nullopt;
    const std::size_t payload_end = run_end(text, header_end + 1, base64url);
    if (payload_end - header_end - 1 < 4 || payload_end == text.size() || text[payload_end] != '.') {
        return std::nullopt;
    }
    return Finding{start, run_end(text, payload_end + 1, base64url), kind_of(Entity::secret)};
}

// "Bearer <token>": the token.
std::optional<Finding> bearer_token(std::string_view text, std::size_t start) {
    if (!starts_with_folded(text, start, "bearer")) return std::nullopt;
    std::size_t token = start + 6;
    if (token == text.size() || text[token] != ' ') return std::nullopt;
    while (token < text.size() && text[token] == ' ') ++token;
    const std::size_t end = run_end(text, token, is_token_char);
    bool digit = false;
    for (std::size_t i = token; i < end; ++i) digit = digit || is_digit(text[i]);
    if (end - token < 16 || !digit) return std::nullopt;
    return Finding{token, end, kind_of(Entity::secret)};
}

// Shannon entropy in bits per character: random keys have 4 and more,
// words and identifiers less.
double entropy(std::string_view value) noexcept {
    std::array<std::uint16_t, 256> counts{};
    for (unsigned char c : value) ++counts[c];
    double bits = 0;
    for (auto count : counts) {
        if (count == 0) continue;
        const double p = static_cast<double>(count) / static_cast<double>(value.size());
        bits -= p * std::log2(p);
    }
    return bits;
}

// Names whose values are secrets whatever they look like, and names whose
// values are when they look random.
constexpr std::array<std::string_view, 5> password_names{"password", "passwd", "passphrase", "secret", "pwd"};
constexpr std::array<std::string_view, 5> key_names{"key", "apikey", "token", "auth", "credentials"};

// Whether `name` ends with `word` (lower case) as a word of its own:
// `db_password`, `api-key`, `accessToken`; a long word also glued on
// (`dbpassword`), a short one not (`monkey`).
bool names(std::string_view name, std::string_view word) noexcept {
    if (name.size() < word.size()) return false;
    const std::size_t at = name.size() - word.size();
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (to_lower(name[at + i]) != word[i]) return false;
    }
    if (at == 0 || word.size() >= 6 || is_upper(name[at])) return true;
    const char before = name[at - 1];
    return before == '_' || before == '-' || before == '.';
}

}  // namespace

std::optional<Finding> credential_at(std::string_view text, std::size_t start) {
    switch (text[start]) {
    case 'A':
        if (auto found = aws_access_key(text, start)) return found;
        return prefixed(text, start, "AIza", 35, is_key_char);  // Google API keys
    case 's':
        if (auto found = prefixed(text, start, "sk-", 20, is_key_char)) return found;  // OpenAI, Anthropic
        if (auto found = prefixed(text, start, "sk_live_", 16, is_alnum)) return found;  // Stripe
        return prefixed(text, start, "sk_test_", 16, is_alnum);
    case 'r': return prefixed(text, start, "rk_live_", 16, is_alnum);
    case 'g':
        for (auto prefix : {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"}) {  // GitHub
            if (auto found = prefixed(text, start, prefix, 30, is_alnum)) return found;
        }
        return prefixed(text, start, "github_pat_", 22, is_word);
    case 'x':
        for (auto prefix : {"xoxb-", "xoxp-", "xoxa-", "xoxr-", "xoxs-"}) {  // Slack
            if (auto found = prefixed(text, start, prefix, 10, is_key_char)) return found;
        }
        return std::nullopt;
    case 'e': return json_web_token(text, start);
    case 'B':
    case 'b': return bearer_token(text, start);
    default: return std::nullopt;
    }
}

std::optional<Finding> keyed_value_at(std::string_view text, std::size_t at) {
    // The name before: `password=`, `"api_key": `, `token = `.
    std::size_t name_end = at;
    while (name_end > 0 && at - name_end < 2 && text[name_end - 1] == ' ') --name_end;
    if (name_end > 0 && (text[name_end - 1] == '"' || text[name_end - 1] == '\'')) --name_end;
    std::size_t name_begin = name_end;
    while (name_begin > 0 && name_end - name_begin < 48 && (is_key_char(text[name_begin - 1]) || text[name_begin - 1] == '.')) {
        --name_begin;
    }
    if (name_begin == name_end) return std::nullopt;
    const std::string_view name = text.substr(name_begin, name_end - name_begin);
    bool password = false;
    bool key = false;
    for (auto word : password_names) password = password || names(name, word);
    for (auto word : key_names) key = key || names(name, word);
    if (!password && !key) return std::nullopt;

    // The value after, quoted or up to a space or punctuation.
    std::size_t begin = at + 1;
    while (begin < text.size() && begin - at <= 2 && text[begin] == ' ') ++begin;
    if (begin == text.size()) return std::nullopt;
    const char quote = text[begin];
    std::size_t end = begin;
    if (quote == '"' || quote == '\'') {
        ++begin;
        end = begin;
        while (end < text.size() && end - begin < 256 && text[end] != quote && text[end] != '\n') ++end;
    } else {
        static constexpr std::string_view stops = " \t\r\n,;)}]>&\"'";
        while (end < text.size() && end - begin < 256 && stops.find(text[end]) == std::string_view::npos) ++end;
    }
    const std::string_view value = text.substr(begin, end - begin);
    // Templates, masks and structures are not secrets: `${DB_PASSWORD}`, `****`, `<key>`.
    static constexpr std::string_view not_values = "<${%*[(#";
    if (value.empty() || not_values.find(value.front()) != std::string_view::npos) return std::nullopt;
    if (value.find_first_not_of(value.front()) == std::string_view::npos) return std::nullopt;
    const bool secret = password ? value.size() >= 6
                                 : value.size() >= 12 && entropy(value) >= 3.0 &&
                                       value.find_first_of("0123456789") != std::string_view::npos;
    if (!secret) return std::nullopt;
    return Finding{begin, end, kind_of(Entity::secret)};
}

std::optional<Finding> private_key_at(std::string_view text, std::size_t at) {
    constexpr std::string_view begin_marker = "-----BEGIN ";
    if (text.substr(at, begin_marker.size()) != begin_marker) return std::nullopt;
    const auto label_end = text.find("-----", at + begin_marker.size());
    if (label_end == std::string_view::npos || label_end - at > 64) return std::nullopt;
    if (!text.substr(at, label_end - at).ends_with("PRIVATE KEY")) return std::nullopt;
    // To the end of the END line; a block cut short is a secret to the end.
    const auto end_marker = text.find("-----END ", label_end + 5);
    if (end_marker == std::string_view::npos) return Finding{at, text.size(), kind_of(Entity::secret)};
    const auto end_label = text.find("-----", end_marker + 9);
    const std::size_t end = end_label == std::string_view::npos ? text.size() : end_label + 5;
    return Finding{at, end, kind_of(Entity::secret)};
}

}  // namespace llmgw::domain::scanning
