#pragma once

// The scanners find_entities runs, each at the place of the text that may
// start what it looks for. Internal to the detectors.

#include <cstddef>
#include <optional>
#include <string_view>

#include "domain/guardrails/finding.hpp"

namespace llmgw::domain::scanning {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
constexpr bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }
constexpr bool is_alpha(char c) noexcept { return is_upper(c) || is_lower(c); }
constexpr bool is_alnum(char c) noexcept { return is_alpha(c) || is_digit(c); }
constexpr bool is_hex(char c) noexcept { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// Part of a word: what a finding may not be glued to.
constexpr bool is_word(char c) noexcept { return is_alnum(c) || c == '_'; }
constexpr char to_upper(char c) noexcept { return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c; }
constexpr char to_lower(char c) noexcept { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// At a '@': the e-mail address around it.
std::optional<Finding> email_at(std::string_view text, std::size_t at);
// At the start of a word that begins with a digit, '+' or '(': a credit
// card, SSN, phone number or IPv4 address, of those `wanted`.
std::optional<Finding> number_at(std::string_view text, std::size_t start, EntitySet wanted);
// At the start of a word: an IPv6 address.
std::optional<Finding> ipv6_at(std::string_view text, std::size_t start);
// At the start of a word: an IBAN, compact or in groups of four.
std::optional<Finding> iban_at(std::string_view text, std::size_t start);
// At the start of a word: a credential by its issuer's shape (AWS access
// key, provider API keys, GitHub and Slack tokens, a JWT) or a bearer token.
std::optional<Finding> credential_at(std::string_view text, std::size_t start);
// At a '=' or ':': the value of a password, secret, key or token named
// before it (`password=...`, `"api_key": "..."`).
std::optional<Finding> keyed_value_at(std::string_view text, std::size_t at);
// At a '-': a PEM private key block, to its END line (or the text's end).
std::optional<Finding> private_key_at(std::string_view text, std::size_t at);

bool luhn_valid(std::string_view digits) noexcept;
// `compact` is an IBAN in capitals without spaces.
bool iban_checksum_valid(std::string_view compact) noexcept;
// How long an IBAN of the country is, or 0 for a country without IBANs.
std::size_t iban_length(std::string_view country) noexcept;

}  // namespace llmgw::domain::scanning
