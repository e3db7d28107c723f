#include "adapters/outbound/redis/resp.hpp"

#include <charconv>

namespace llmgw::adapters::redis {
namespace {

void append_length(std::string& out, char type, std::size_t length) {
    char digits[24];
    const auto [end, error] = std::to_chars(digits, digits + sizeof digits, length);
    out += type;
    out.append(digits, end);
    out += "\r\n";
}

std::optional<std::int64_t> number(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

constexpr int max_depth = 8;

}  // namespace

void append_command(std::string& out, std::initializer_list<std::string_view> arguments) {
    append_command(out, std::span<const std::string_view>(arguments.begin(), arguments.size()));
}

void append_command(std::string& out, std::span<const std::string_view> arguments) {
    append_length(out, '*', arguments.size());
    for (const auto argument : arguments) {
        append_length(out, '$', argument.size());
        out += argument;
        out += "\r\n";
    }
}

std::optional<std::string_view> ReplyReader::line(std::size_t& at) {
    const auto end = buffer_.find("\r\n", at);
    if (end == std::string::npos) {
        // A header line longer than any length or status could be.
        if (buffer_.size() - at > 64 * 1024) broken_ = true;
        return std::nullopt;
    }
    const std::string_view text(buffer_.data() + at, end - at);
    at = end + 2;
    return text;
}

std::optional<Reply> ReplyReader::parse(std::size_t& at, int depth) {
    if (depth > max_depth) {
        broken_ = true;
        return std::nullopt;
    }
    if (at >= buffer_.size()) return std::nullopt;
    const char type = buffer_[at];
    std::size_t cursor = at + 1;
    const auto header = line(cursor);
    if (!header) return std::nullopt;
    Reply reply;
    switch (type) {
    case '+':
        reply.kind = Reply::Kind::simple;
        reply.text = *header;
        break;
    case '-':
        reply.kind = Reply::Kind::error;
        reply.text = *header;
        break;
    case ':': {
        const auto value = number(*header);
        if (!value) {
            broken_ = true;
            return std::nullopt;
        }
        reply.kind = Reply::Kind::integer;
        reply.integer = *value;
        break;
    }
    case '$': {
        const auto length = number(*header);
        if (!length || *length < -1 || *length > static_cast<std::int64_t>(max_bulk_bytes_)) {
            broken_ = true;
            return std::nullopt;
        }
        if (*length == -1) break;  // nil
        const auto size = static_cast<std::size_t>(*length);
        if (buffer_.size() - cursor < size + 2) return std::nullopt;
        if (buffer_.compare(cursor + size, 2, "\r\n") != 0) {
            broken_ = true;
            return std::nullopt;
        }
        reply.kind = Reply::Kind::bulk;
        reply.text.assign(buffer_, cursor, size);
        cursor += size + 2;
        break;
    }
    case '*': {
        const auto count = number(*header);
        if (!count || *count < -1 || *count > static_cast<std::int64_t>(max_bulk_bytes_ / 4)) {
            broken_ = true;
            return std::nullopt;
        }
        if (*count == -1) break;  // nil
        reply.kind = Reply::Kind::array;
        for (std::int64_t i = 0; i < *count; ++i) {
            auto element = parse(cursor, depth + 1);
            if (!element) return std::nullopt;
            reply.elements.push_back(std::move(*element));
        }
        break;
    }
    default: broken_ = true; return std::nullopt;
    }
    at = cursor;
    return reply;
}

std::optional<Reply> ReplyReader::next() {
    if (broken_) return std::nullopt;
    std::size_t at = consumed_;
    auto reply = parse(at, 0);
    if (!reply) return std::nullopt;
    consumed_ = at;
    // Drop what was read once it is most of the buffer.
    if (consumed_ > 4096 && consumed_ * 2 > buffer_.size()) {
        buffer_.erase(0, consumed_);
        consumed_ = 0;
    }
    return reply;
}

}  // namespace llmgw::adapters::redis
