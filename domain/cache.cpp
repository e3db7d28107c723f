#include "domain/cache.hpp"

namespace llmgw::domain {

std::string_view to_string(CacheScope scope) noexcept {
    switch (scope) {
    case CacheScope::key: return "key";
    case CacheScope::team: return "team";
    case CacheScope::project: return "project";
    case CacheScope::global: return "global";
    }
    return "team";
}

std::optional<CacheScope> cache_scope_named(std::string_view name) noexcept {
    for (const auto scope : {CacheScope::key, CacheScope::team, CacheScope::project, CacheScope::global}) {
        if (to_string(scope) == name) return scope;
    }
    return std::nullopt;
}

std::string_view to_string(CacheOutcome outcome) noexcept {
    switch (outcome) {
    case CacheOutcome::none: return "none";
    case CacheOutcome::hit: return "hit";
    case CacheOutcome::miss: return "miss";
    case CacheOutcome::bypass: return "bypass";
    case CacheOutcome::coalesced: return "coalesced";
    }
    return "none";
}

}  // namespace llmgw::domain
