#include "domain/policy_scope.hpp"

namespace llmgw::domain {

std::string_view to_string(PolicyScope scope) noexcept {
    switch (scope) {
    case PolicyScope::global: return "global";
    case PolicyScope::key: return "key";
    case PolicyScope::team: return "team";
    case PolicyScope::project: return "project";
    case PolicyScope::model: return "model";
    }
    return "global";
}

}  // namespace llmgw::domain
