#include "domain/guardrails/detectors.hpp"

#include <algorithm>

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

void find_entities(std::string_view text, EntitySet wanted, std::vector<Finding>& into) {
    if (wanted.none()) return;
    const bool emails = wanted[static_cast<std::size_t>(Entity::email)];
    const bool secrets = wanted[static_cast<std::size_t>(Entity::secret)];
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        std::size_t next = i + 1;
        auto keep = [&](std::optional<Finding> found) {
            if (!found) return;
            into.push_back(*found);
            next = std::max(next, found->end);
        };
        if (c == '@' && emails) keep(email_at(text, i));
        if ((c == '=' || c == ':') && secrets) keep(keyed_value_at(text, i));
        if (c == '-' && secrets) keep(private_key_at(text, i));
        if (i == 0 || !is_word(text[i - 1])) keep(word_at(text, i, wanted));
        i = next;
    }
}

}  // namespace llmgw::domain
