#include "infrastructure/auth/config_key_store.hpp"

#include <cstring>

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace llmgw::infrastructure {

Sha256 sha256_of(std::string_view bytes) noexcept {
    Sha256 digest{};
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest.data());
    return digest;
}

std::optional<Sha256> sha256_from_hex(std::string_view hex) noexcept {
    if (hex.size() != 64) return std::nullopt;
    const auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    Sha256 digest{};
    for (std::size_t i = 0; i < digest.size(); ++i) {
        const int high = nibble(hex[2 * i]), low = nibble(hex[2 * i + 1]);
        if (high < 0 || low < 0) return std::nullopt;
        digest[i] = static_cast<unsigned char>(high * 16 + low);
    }
    return digest;
}

std::size_t ConfigKeyStore::DigestHash::operator()(const Sha256& digest) const noexcept {
    // The digest is uniformly distributed already.
    std::size_t value = 0;
    std::memcpy(&value, digest.data(), sizeof value);
    return value;
}

ConfigKeyStore::ConfigKeyStore(std::vector<Entry> entries) {
    for (auto& entry : entries) keys_.emplace(entry.digest, std::move(entry.key));
}

const domain::ApiKey* ConfigKeyStore::find(std::string_view secret) const noexcept {
    const Sha256 digest = sha256_of(secret);
    const auto found = keys_.find(digest);
    if (found == keys_.end()) return nullptr;
    // Found by its digest: the lookup's timing can tell something about a
    // digest at most, never about a secret (SHA-256 cannot be inverted). The
    // final comparison is constant-time all the same.
    if (CRYPTO_memcmp(found->first.data(), digest.data(), digest.size()) != 0) return nullptr;
    return &found->second;
}

}  // namespace llmgw::infrastructure
