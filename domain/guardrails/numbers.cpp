// Credit cards, US SSNs, phone numbers and IPv4 addresses: all runs of
// digit groups, told apart by their grouping, separators and checksums.

#include <algorithm>
#include <array>
#include <cstdint>

#include "domain/guardrails/scanners.hpp"

namespace llmgw::domain::scanning {

namespace {

constexpr std::size_t max_groups = 12;
constexpr std::size_t max_digits = 24;

// A run of digit groups such as "+1 (415) 555-0100" or "4111 1111 1111 1111".
struct DigitGroups {
    bool plus = false;    // it starts with '+'
    bool parens = false;  // a group is in parentheses (an area code)
    std::size_t paren_group = 0;
    std::size_t count = 0;
    std::size_t begin = 0;                        // where the first group starts in the text
    // Only the first `count` (`digit_count`) entries are set: numbers
    // are read often enough that zeroing the rest shows.
    std::array<std::size_t, max_groups> end;   // where each group ends in the text
    std::array<std::uint8_t, max_groups> size;  // its digits
    std::array<char, max_groups> before;       // the separator before it: ' ', '-', '.' or ')'
    std::array<char, max_digits> digits;
    std::size_t digit_count = 0;

    std::size_t digits_in(std::size_t groups) const noexcept {
        std::size_t total = 0;
        for (std::size_t g = 0; g < groups; ++g) total += size[g];
        return total;
    }
    std::string_view digit_text(std::size_t groups) const noexcept { return {digits.data(), digits_in(groups)}; }
    // Every separator between the first `groups` groups is one of `allowed`.
    bool separated_by(std::size_t groups, std::string_view allowed) const noexcept {
        for (std::size_t g = 1; g < groups; ++g) {
            if (allowed.find(before[g]) == std::string_view::npos) return false;
        }
        return true;
    }
    bool one_separator(std::size_t groups) const noexcept {
        for (std::size_t g = 2; g < groups; ++g) {
            if (before[g] != before[1]) return false;
        }
        return true;
    }
    // Groups [first, first + taken) alone, as if the rest were not there.
    DigitGroups slice(std::size_t first, std::size_t taken) const noexcept {
        DigitGroups part;
        part.plus = plus && first == 0;
        part.parens = parens && paren_group >= first && paren_group < first + taken;
        part.paren_group = paren_group - first;
        part.count = taken;
        part.begin = first == 0 ? begin : end[first - 1] + 1;
        const std::size_t skipped = digits_in(first);
        for (std::size_t g = 0; g < taken; ++g) {
            part.end[g] = end[first + g];
            part.size[g] = this->size[first + g];
            part.before[g] = g == 0 ? 0 : before[first + g];
        }
        part.digit_count = digits_in(first + taken) - skipped;
        std::copy_n(digits.begin() + static_cast<std::ptrdiff_t>(skipped), part.digit_count, part.digits.begin());
        return part;
    }
    bool sizes_are(std::size_t groups, std::initializer_list<std::uint8_t> sizes) const noexcept {
        if (groups != sizes.size()) return false;
        std::size_t g = 0;
        for (auto expected : sizes) {
            if (size[g++] != expected) return false;
        }
        return true;
    }
};

// Reads the run at `start` into `groups`; false when it is none of ours.
bool read_groups(std::string_view text, std::size_t start, DigitGroups& groups) {
    groups.begin = start;
    std::size_t p = start;
    if (text[p] == '+') {
        groups.plus = true;
        ++p;
    }
    char separator = 0;
    while (groups.count < max_groups) {
        // An area code in parentheses, first or after a country code.
        const bool may_open = !groups.parens && (groups.count == 0 || (groups.count == 1 && groups.plus));
        const bool open = may_open && p < text.size() && text[p] == '(';
        std::size_t q = p + (open ? 1 : 0);
        const std::size_t first = q;
        while (q < text.size() && is_digit(text[q])) {
            if (groups.digit_count == max_digits) return false;  // longer than any of ours
            groups.digits[groups.digit_count++] = text[q++];
        }
        if (q == first) break;
        const auto size = static_cast<std::uint8_t>(q - first);
        if (open) {
            if (q == text.size() || text[q] != ')') {
                groups.digit_count -= size;
                break;
            }
            ++q;
            groups.parens = true;
            groups.paren_group = groups.count;
        }
        groups.end[groups.count] = q;
        groups.size[groups.count] = size;
        groups.before[groups.count] = separator;
        ++groups.count;
        p = q;
        const bool more = p + 1 < text.size() && (is_digit(text[p + 1]) || (text[p + 1] == '(' && groups.plus));
        if (more && (text[p] == ' ' || text[p] == '-' || text[p] == '.')) {
            separator = text[p++];
        } else if (open && p < text.size() && is_digit(text[p])) {
            separator = ')';  // "(415)555-0100"
        } else {
            break;
        }
    }
    return groups.count > 0;
}

bool plausible_card_issuer(std::string_view digits) noexcept {
    switch (digits[0]) {
    case '3':
    case '4':
    case '5':
    case '6': return true;
    case '2': {  // Mastercard's 2221-2720
        const int prefix = (digits[0] - '0') * 1000 + (digits[1] - '0') * 100 + (digits[2] - '0') * 10 + (digits[3] - '0');
        return prefix >= 2221 && prefix <= 2720;
    }
    default: return false;
    }
}

bool is_ipv4(const DigitGroups& groups, std::size_t count) {
    if (count != 4 || groups.plus || groups.parens || !groups.separated_by(4, ".")) return false;
    std::size_t at = 0;
    for (std::size_t g = 0; g < 4; ++g) {
        if (groups.size[g] > 3) return false;
        int octet = 0;
        for (std::size_t d = 0; d < groups.size[g]; ++d) octet = octet * 10 + (groups.digits[at++] - '0');
        if (octet > 255) return false;
    }
    return true;
}

bool is_ssn(const DigitGroups& groups, std::size_t count) {
    if (groups.plus || groups.parens || !groups.sizes_are(count, {3, 2, 4})) return false;
    if (!groups.separated_by(3, "- ") || !groups.one_separator(3)) return false;
    const std::string_view d = groups.digit_text(3);
    const std::string_view area = d.substr(0, 3);
    if (area == "000" || area == "666" || area[0] == '9') return false;
    return d.substr(3, 2) != "00" && d.substr(5, 4) != "0000";
}

bool is_card(const DigitGroups& groups, std::size_t count) {
    if (groups.plus || groups.parens) return false;
    const std::size_t digits = groups.digits_in(count);
    if (digits < 13 || digits > 19) return false;
    if (count > 1) {
        if (!groups.separated_by(count, " -") || !groups.one_separator(count)) return false;
        for (std::size_t g = 0; g < count; ++g) {
            if (groups.size[g] < 3 || groups.size[g] > 6) return false;
        }
    }
    const std::string_view d = groups.digit_text(count);
    return plausible_card_issuer(d) && luhn_valid(d);
}

bool is_phone(const DigitGroups& groups, std::size_t count) {
    const std::size_t digits = groups.digits_in(count);
    if (groups.plus) {  // E.164: a country code of 1-3 digits, at most 15 in all
        return digits >= 8 && digits <= 15 && groups.separated_by(count, " -.)") && (count == 1 || groups.size[0] <= 3);
    }
    if (count < 2) return false;  // a bare run of digits is more often an id than a phone
    // North American: (415) 555-0100, 415-555-0100, 415.555.0100, 1 415 555 0100.
    const bool nanp = groups.sizes_are(count, {3, 3, 4}) ||
                      (groups.sizes_are(count, {1, 3, 3, 4}) && groups.digits[0] == '1');
    if (nanp) return groups.separated_by(count, ".") ? groups.one_separator(count) : groups.separated_by(count, " -)");
    // National with a trunk 0: 020 7946 0958, 07700 900123, 06 12 34 56 78;
    // its last group is not shorter than the others unless all are pairs.
    if (groups.digits[0] != '0' || digits < 10 || digits > 11 || !groups.separated_by(count, " -)")) return false;
    bool pairs = true;
    for (std::size_t g = 0; g < count; ++g) pairs = pairs && groups.size[g] == 2;
    return pairs || groups.size[count - 1] >= 3;
}

std::optional<Entity> classify(const DigitGroups& groups, std::size_t count, EntitySet wanted) {
    auto want = [&](Entity entity) { return wanted[static_cast<std::size_t>(entity)]; };
    if (want(Entity::ip) && is_ipv4(groups, count)) return Entity::ip;
    if (want(Entity::ssn) && is_ssn(groups, count)) return Entity::ssn;
    if (want(Entity::credit_card) && is_card(groups, count)) return Entity::credit_card;
    if (want(Entity::phone) && is_phone(groups, count)) return Entity::phone;
    return std::nullopt;
}

}  // namespace

std::optional<Finding> number_at(std::string_view text, std::size_t start, EntitySet wanted) {
    DigitGroups run;
    if (!read_groups(text, start, run)) return std::nullopt;
    const DigitGroups* groups = &run;
    // Glued to a word ("4111111111111111x") the last group is an identifier's.
    const std::size_t last = groups->end[groups->count - 1];
    const std::size_t usable = groups->count - (last < text.size() && is_word(text[last]) ? 1 : 0);
    // The most groups, from the run's start or to its end, that make one:
    // "call 415-555-0100 2 times", "room 12 415-555-0100".
    for (std::size_t size = usable; size >= 1; --size) {
        for (const std::size_t first : {std::size_t{0}, usable - size}) {
            // An address is a whole run: "1.2.3.4.5" is a version.
            auto allowed = wanted;
            if (size != groups->count) allowed.reset(static_cast<std::size_t>(Entity::ip));
            // The run itself, most often, needs no copy.
            const bool whole = first == 0 && size == groups->count;
            DigitGroups part;
            if (!whole) part = groups->slice(first, size);
            const DigitGroups& candidate = whole ? *groups : part;
            if (auto entity = classify(candidate, size, allowed)) {
                return Finding{candidate.begin, candidate.end[size - 1], kind_of(*entity)};
            }
            if (first == usable - size) break;
        }
    }
    return std::nullopt;
}

bool luhn_valid(std::string_view digits) noexcept {
    int sum = 0;
    bool twice = false;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
        int digit = *it - '0';
        if (twice) {
            digit *= 2;
            if (digit > 9) digit -= 9;
        }
        sum += digit;
        twice = !twice;
    }
    return sum % 10 == 0;
}

}  // namespace llmgw::domain::scanning
