#pragma once

#include <chrono>

namespace llmgw::application {

// Whether answers are cached and for how long. Off by default: sampling makes
// answers differ between calls, and the caller has not agreed to get a
// previous one.
struct CachePolicy {
    bool enabled = false;
    std::chrono::seconds ttl{300};
};

}  // namespace llmgw::application
