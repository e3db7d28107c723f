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

std::string request_id(std::chrono::system_clock::time_point now) {
    static constexpr std::string_view crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // in ASCII order
    constexpr std::size_t time_digits = 10;  // 50 bits: milliseconds until the year 37000
    const auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    auto milliseconds = static_cast<std::uint64_t>(std::max<std::int64_t>(since_epoch, 0));
    char time[time_digits];
    for (std::size_t i = time_digits; i-- > 0; milliseconds >>= 5) time[i] = crockford[milliseconds & 31];
    return random_id(std::string("req_").append(time, time_digits), 14);
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
