#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/ports/key_store.hpp"

namespace llmgw::infrastructure {

using Sha256 = std::array<unsigned char, 32>;

Sha256 sha256_of(std::string_view bytes) noexcept;
// 64 hex digits, either case, to a digest; none for anything else.
std::optional<Sha256> sha256_from_hex(std::string_view hex) noexcept;

// The keys of the configuration (`auth.keys`, and the admin key), held by
// the SHA-256 of their secrets only. A presented secret is hashed, looked up
// by its digest, and the digest compared in constant time.
class ConfigKeyStore final : public domain::KeyStore {
public:
    struct Entry {
        Sha256 digest;
        domain::ApiKey key;
    };
    explicit ConfigKeyStore(std::vector<Entry> entries);

    const domain::ApiKey* find(std::string_view secret) const noexcept override;

private:
    struct DigestHash {
        std::size_t operator()(const Sha256& digest) const noexcept;
    };
    std::unordered_map<Sha256, domain::ApiKey, DigestHash> keys_;
};

}  // namespace llmgw::infrastructure
