#pragma once

#include <string_view>

#include "domain/api_key.hpp"

namespace llmgw::domain {

// The gateway's API keys. Looks a presented secret up by its digest and
// compares in constant time; the secret is neither kept nor logged.
class KeyStore {
public:
    virtual ~KeyStore() = default;
    // The key `secret` belongs to, or null for an unknown secret. The
    // returned key lives as long as the store. Expiry is the caller's rule.
    virtual const ApiKey* find(std::string_view secret) const noexcept = 0;
};

}  // namespace llmgw::domain
