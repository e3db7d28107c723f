#include "domain/guardrails/detectors.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "domain/guardrails/scanners.hpp"

namespace llmgw::domain {

using namespace scanning;

namespace {

std::optional<Finding> word_at(std::string_view text, std::size_t i, EntitySet wanted) {
    const char c = text[i];
    const bool ips = wanted[static_cast<std::size_t>(Entity::ip)];
    if (is_digit(c) || c == '+' || c == '(') {
        // More of a run of groups ("1.2.3.4.5", "2024-01-15", "4111 1111")
        // than the start of one: the run was read from its start.
        const bool inside_run = i >= 2 && (text[i - 1] == '.' || text[i - 1] == '-' || text[i - 1] == ' ') &&
                                (is_digit(text[i - 2]) || (text[i - 1] != ' ' && is_alpha(text[i - 2])));
        if (inside_run) return std::nullopt;
        if (ips && is_digit(c)) {
            if (auto found = ipv6_at(text, i)) return found;
        }
        return number_at(text, i, wanted);
    }
    if (is_alpha(c)) {
        if (wanted[static_cast<std::size_t>(Entity::secret)]) {
            if (auto found = credential_at(text, i)) return found;
        }
        if (wanted[static_cast<std::size_t>(Entity::iban)]) {
            if (auto found = iban_at(text, i)) return found;
        }
        if (ips && is_hex(c)) return ipv6_at(text, i);
        return std::nullopt;
    }
    if (c == ':' && ips) return ipv6_at(text, i);
    return std::nullopt;
}

}  // namespace

namespace {

// What a byte may be to the scanners: part of a word, a byte at which a
// scanner starts whatever comes before it, a byte at which a word may
// start one. One table lookup per byte keeps the pass at a few ns a byte.
enum : std::uint8_t { word_byte = 1, trigger_byte = 2, word_start_byte = 4 };

constexpr std::array<std::uint8_t, 256> byte_kinds = [] {
    std::array<std::uint8_t, 256> kinds{};
    for (int c = 0; c < 256; ++c) {
        const auto ch = static_cast<char>(c);
        std::uint8_t kind = 0;
        if (is_word(ch)) kind |= word_byte;
        if (ch == '@' || ch == '=' || ch == ':' || ch == '-') kind |= trigger_byte;
        if (is_alnum(ch) || ch == '+' || ch == '(' || ch == ':') kind |= word_start_byte;
        kinds[static_cast<std::size_t>(c)] = kind;
    }
    return kinds;
}();

}  // namespace

void find_entities(std::string_view text, EntitySet wanted, std::vector<Finding>& into) {
    if (wanted.none()) return;
    const bool emails = wanted[static_cast<std::size_t>(Entity::email)];
    const bool secrets = wanted[static_cast<std::size_t>(Entity::secret)];
    bool after_word = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        const auto kind = byte_kinds[static_cast<unsigned char>(c)];
        std::size_t next = i + 1;
        auto keep = [&](std::optional<Finding> found) {
            if (!found) return;
            into.push_back(*found);
            next = std::max(next, found->end);
        };
        if (kind & trigger_byte) {
            if (c == '@' && emails) keep(email_at(text, i));
            if ((c == '=' || c == ':') && secrets) keep(keyed_value_at(text, i));
            if (c == '-' && secrets) keep(private_key_at(text, i));
        }
        if ((kind & word_start_byte) && !after_word) keep(word_at(text, i, wanted));
        after_word = (byte_kinds[static_cast<unsigned char>(text[next - 1])] & word_byte) != 0;
        i = next;
    }
}

}  // namespace llmgw::domain
