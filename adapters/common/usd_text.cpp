#include "adapters/common/usd_text.hpp"

#include <cstdint>
#include <cstdio>

namespace llmgw::adapters {

std::string usd_text(domain::NanoDollars amount) {
    const bool negative = amount.value < 0;
    // In unsigned: the magnitude of the most negative amount fits.
    const auto magnitude = negative ? 0 - static_cast<std::uint64_t>(amount.value) : static_cast<std::uint64_t>(amount.value);
    const auto nanos_per_dollar = static_cast<std::uint64_t>(domain::nanos_per_dollar);
    char text[48];
    int length = std::snprintf(text, sizeof text, "%s%llu.%09llu", negative ? "-" : "",
                               static_cast<unsigned long long>(magnitude / nanos_per_dollar),
                               static_cast<unsigned long long>(magnitude % nanos_per_dollar));
    // No trailing zeros, and no point for whole dollars.
    while (text[length - 1] == '0') --length;
    if (text[length - 1] == '.') --length;
    return std::string(text, static_cast<std::size_t>(length));
}

}  // namespace llmgw::adapters
