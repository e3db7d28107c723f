#include "adapters/outbound/redis/redis_script.hpp"

#include <vector>

#include <openssl/sha.h>

namespace llmgw::adapters::redis {

RedisScript::RedisScript(std::string source) : source_(std::move(source)) {
    unsigned char digest[SHA_DIGEST_LENGTH];
    SHA1(reinterpret_cast<const unsigned char*>(source_.data()), source_.size(), digest);
    constexpr char hex[] = "0123456789abcdef";
    for (const auto byte : digest) {
        sha1_ += hex[byte >> 4];
        sha1_ += hex[byte & 15];
    }
}

std::string RedisScript::command(std::string_view verb, std::string_view body, std::span<const std::string_view> keys,
                                 std::span<const std::string_view> arguments) const {
    const auto key_count = std::to_string(keys.size());
    std::vector<std::string_view> parts;
    parts.reserve(3 + keys.size() + arguments.size());
    parts.push_back(verb);
    parts.push_back(body);
    parts.push_back(key_count);
    parts.insert(parts.end(), keys.begin(), keys.end());
    parts.insert(parts.end(), arguments.begin(), arguments.end());
    std::string bytes;
    append_command(bytes, parts);
    return bytes;
}

boost::asio::awaitable<domain::Result<Reply>> RedisScript::call(RedisClient& client,
                                                                std::span<const std::string_view> keys,
                                                                std::span<const std::string_view> arguments,
                                                                std::chrono::milliseconds timeout) const {
    auto reply = co_await client.call(command("EVALSHA", sha1_, keys, arguments), timeout);
    if (reply && reply.value().kind == Reply::Kind::error && reply.value().text.starts_with("NOSCRIPT")) {
        // EVAL runs it and leaves it cached for the EVALSHAs after it.
        reply = co_await client.call(command("EVAL", source_, keys, arguments), timeout);
    }
    co_return reply;
}

}  // namespace llmgw::adapters::redis
