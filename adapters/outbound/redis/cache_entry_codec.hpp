#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/ports/response_cache.hpp"

namespace llmgw::adapters::redis {

// A cache entry as the bytes stored in Redis: a compact binary form that
// starts with its format's name and version ("LGC" and 1), so that a
// gateway never misreads an entry a newer one wrote (it is a miss).
// Integers are little-endian varints, strings length-prefixed, vectors of
// floats raw IEEE 754 little-endian.
std::string encode_entry(const domain::CacheEntry& entry);

// The entry, or none when `bytes` are not one this version wrote whole
// (another version, truncated, corrupt, or holding more than they can).
std::optional<domain::CacheEntry> decode_entry(std::string_view bytes);

}  // namespace llmgw::adapters::redis
