#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace llmgw::adapters::redis {

// Redis's wire protocol, RESP2, without I/O: commands out, replies in.

// A command as RESP: an array of bulk strings, so that any bytes (a binary
// value) travel as they are.
void append_command(std::string& out, std::initializer_list<std::string_view> arguments);
void append_command(std::string& out, std::span<const std::string_view> arguments);

// One reply. Strings are both simple strings (+OK) and bulk strings;
// `null` is a nil bulk string or array.
struct Reply;
using ReplyArray = std::vector<Reply>;
struct Reply {
    enum class Kind { simple, error, integer, bulk, null, array };
    Kind kind = Kind::null;
    std::string text;  // simple, error, bulk
    std::int64_t integer = 0;
    ReplyArray elements;
};

// Reads replies from a byte stream that arrives in pieces. A reply is taken
// only once all of it is there; what does not follow RESP (or exceeds the
// bounds: a bulk string or array larger than `max_bulk_bytes`, nesting deeper
// than 8) makes the stream broken, and the connection must go.
class ReplyReader {
public:
    explicit ReplyReader(std::size_t max_bulk_bytes = 512u << 20) : max_bulk_bytes_(max_bulk_bytes) {}

    void feed(std::string_view bytes) { buffer_.append(bytes); }
    // The next whole reply, if it has arrived.
    std::optional<Reply> next();
    bool broken() const noexcept { return broken_; }
    // Bytes fed but not yet read as replies.
    std::size_t buffered() const noexcept { return buffer_.size() - consumed_; }

private:
    // Parses one reply at `at`; none (with `at` unchanged) when incomplete.
    std::optional<Reply> parse(std::size_t& at, int depth);
    std::optional<std::string_view> line(std::size_t& at);

    std::string buffer_;
    std::size_t consumed_ = 0;
    std::size_t max_bulk_bytes_;
    bool broken_ = false;
};

}  // namespace llmgw::adapters::redis
