#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace llmgw::domain {

// The kinds of personal data and secrets the gateway finds by itself, by
// the names configuration gives them.
enum class Entity : std::uint8_t { email, phone, credit_card, iban, ssn, ip, secret };
inline constexpr std::size_t builtin_entity_count = 7;

std::string_view to_string(Entity entity) noexcept;
std::optional<Entity> entity_named(std::string_view name) noexcept;

// Which built-in entities to look for.
using EntitySet = std::bitset<builtin_entity_count>;

// What a finding is: a built-in entity (its number), or a kind an operator
// defined (a pattern or a deny-list), numbered after them.
using FindingKind = std::uint16_t;

constexpr FindingKind kind_of(Entity entity) noexcept { return static_cast<FindingKind>(entity); }

// Where something sensitive is in a text: [begin, end), and what it is.
struct Finding {
    std::size_t begin = 0;
    std::size_t end = 0;
    FindingKind kind = 0;
};

// Sorts findings by where they start and keeps, of those that overlap, the
// one that starts first (the longer one of those that start together): what
// is left can be replaced left to right.
void keep_disjoint(std::vector<Finding>& findings);

}  // namespace llmgw::domain
