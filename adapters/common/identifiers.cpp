#include "adapters/common/identifiers.hpp"

#include <algorithm>
#include <random>

namespace llmgw::adapters {

std::string random_id(std::string_view prefix, std::size_t length) {
    static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    thread_local std::mt19937_64 generator{std::random_device{}()};
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::string id(prefix);
    for (std::size_t i = 0; i < length; ++i) id += alphabet[pick(generator)];
    return id;
}

std::string client_request_id(std::string_view header) {
    constexpr std::size_t max_length = 128;
    const bool usable = !header.empty() && header.size() <= max_length &&
                        std::all_of(header.begin(), header.end(), [](char c) {
                            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                   c == '-' || c == '_' || c == '.' || c == ':';
                        });
    return usable ? std::string(header) : std::string();
}

}  // namespace llmgw::adapters
