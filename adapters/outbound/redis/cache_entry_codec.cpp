#include "adapters/outbound/redis/cache_entry_codec.hpp"

#include <bit>
#include <chrono>
#include <cstdint>
#include <cstring>

namespace llmgw::adapters::redis {
namespace {

constexpr std::string_view magic = "LGC";
constexpr unsigned char version = 3;  // 2: each choice's stop sequence; 3: reasoning blocks' ids
constexpr unsigned char chat_kind = 0;
constexpr unsigned char embedding_kind = 1;
constexpr unsigned char no_finish = 0xFF;

class Writer {
public:
    void byte(unsigned char value) { out_ += static_cast<char>(value); }
    void unsigned_number(std::uint64_t value) {
        while (value >= 0x80) {
            byte(static_cast<unsigned char>(value | 0x80));
            value >>= 7;
        }
        byte(static_cast<unsigned char>(value));
    }
    // Zig-zag, so that small negative numbers stay short.
    void number(std::int64_t value) {
        unsigned_number((static_cast<std::uint64_t>(value) << 1) ^ static_cast<std::uint64_t>(value >> 63));
    }
    void text(std::string_view value) {
        unsigned_number(value.size());
        out_ += value;
    }
    void fields(const domain::RawJsonFields& values) {
        unsigned_number(values.size());
        for (const auto& [name, json] : values) {
            text(name);
            text(json);
        }
    }
    void floats(const std::vector<float>& values) {
        static_assert(std::endian::native == std::endian::little, "entries are little-endian");
        unsigned_number(values.size());
        if (!values.empty()) out_.append(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
    }
    std::string take() { return std::move(out_); }

    std::string out_;
};

class Reader {
public:
    explicit Reader(std::string_view in) : in_(in) {}

    bool ok() const noexcept { return ok_; }
    bool done() const noexcept { return ok_ && in_.empty(); }

    unsigned char byte() {
        if (in_.empty()) return fail(), 0;
        const auto value = static_cast<unsigned char>(in_.front());
        in_.remove_prefix(1);
        return value;
    }
    std::uint64_t unsigned_number() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64 && ok_; shift += 7) {
            const auto piece = byte();
            value |= static_cast<std::uint64_t>(piece & 0x7F) << shift;
            if ((piece & 0x80) == 0) return value;
        }
        fail();
        return 0;
    }
    std::int64_t number() {
        const auto value = unsigned_number();
        return static_cast<std::int64_t>((value >> 1) ^ (~(value & 1) + 1));
    }
    // A count of things each at least `each` bytes long: never more than
    // what is left could hold, so a corrupt count cannot allocate much.
    std::size_t count(std::size_t each = 1) {
        const auto value = unsigned_number();
        if (value > in_.size() / each) return fail(), 0;
        return static_cast<std::size_t>(value);
    }
    std::string text() {
        const auto size = count();
        if (!ok_) return {};
        std::string value(in_.substr(0, size));
        in_.remove_prefix(size);
        return value;
    }
    domain::RawJsonFields fields() {
        domain::RawJsonFields values(count(2));
        for (auto& [name, json] : values) {
            name = text();
            json = text();
        }
        return values;
    }
    std::vector<float> floats() {
        const auto size = count(sizeof(float));
        std::vector<float> values(ok_ ? size : 0);
        // An empty vector's data() may be null, which memcpy must not see.
        if (!values.empty()) std::memcpy(values.data(), in_.data(), values.size() * sizeof(float));
        in_.remove_prefix(values.size() * sizeof(float));
        return values;
    }
    void fail() noexcept {
        ok_ = false;
        in_ = {};
    }

private:
    std::string_view in_;
    bool ok_ = true;
};

void write_usage(Writer& w, const domain::Usage& usage) {
    for (const auto value : {usage.prompt_tokens, usage.completion_tokens, usage.cached_prompt_tokens,
                             usage.cache_write_prompt_tokens, usage.reasoning_tokens}) {
        w.number(value);
    }
}

domain::Usage read_usage(Reader& r) {
    domain::Usage usage;
    for (auto* value : {&usage.prompt_tokens, &usage.completion_tokens, &usage.cached_prompt_tokens,
                        &usage.cache_write_prompt_tokens, &usage.reasoning_tokens}) {
        *value = r.number();
    }
    return usage;
}

void write_message(Writer& w, const domain::Message& message) {
    w.byte(static_cast<unsigned char>(message.role));
    w.byte(static_cast<unsigned char>((message.content_is_null ? 1 : 0) | (message.content_is_string ? 2 : 0)));
    w.unsigned_number(message.content.size());
    for (const auto& part : message.content) {
        w.byte(static_cast<unsigned char>(part.kind));
        w.text(part.text);
        w.text(part.image_url);
        w.text(part.image_detail);
        w.text(part.raw);
    }
    w.text(message.name);
    w.unsigned_number(message.tool_calls.size());
    for (const auto& call : message.tool_calls) {
        w.text(call.id);
        w.text(call.name);
        w.text(call.arguments);
    }
    w.text(message.tool_call_id);
    w.unsigned_number(message.reasoning.size());
    for (const auto& block : message.reasoning) {
        w.text(block.text);
        w.text(block.signature);
        w.text(block.redacted);
        w.text(block.id);
    }
    w.fields(message.extra);
}

domain::Message read_message(Reader& r) {
    domain::Message message;
    const auto role = r.byte();
    if (role > static_cast<unsigned char>(domain::Role::tool)) r.fail();
    message.role = static_cast<domain::Role>(role);
    const auto flags = r.byte();
    message.content_is_null = (flags & 1) != 0;
    message.content_is_string = (flags & 2) != 0;
    message.content.resize(r.count(5));
    for (auto& part : message.content) {
        const auto kind = r.byte();
        if (kind > static_cast<unsigned char>(domain::ContentPart::Kind::opaque)) r.fail();
        part.kind = static_cast<domain::ContentPart::Kind>(kind);
        part.text = r.text();
        part.image_url = r.text();
        part.image_detail = r.text();
        part.raw = r.text();
    }
    message.name = r.text();
    message.tool_calls.resize(r.count(3));
    for (auto& call : message.tool_calls) {
        call.id = r.text();
        call.name = r.text();
        call.arguments = r.text();
    }
    message.tool_call_id = r.text();
    message.reasoning.resize(r.count(4));
    for (auto& block : message.reasoning) {
        block.text = r.text();
        block.signature = r.text();
        block.redacted = r.text();
        block.id = r.text();
    }
    message.extra = r.fields();
    return message;
}

void write_chat(Writer& w, const domain::ChatResponse& answer) {
    w.text(answer.id);
    w.number(answer.created);
    w.text(answer.model);
    write_usage(w, answer.usage);
    w.unsigned_number(answer.choices.size());
    for (const auto& choice : answer.choices) {
        w.number(choice.index);
        w.byte(choice.finish_reason ? static_cast<unsigned char>(*choice.finish_reason) : no_finish);
        w.text(choice.stop_sequence);
        write_message(w, choice.message);
        w.fields(choice.extra);
    }
    w.fields(answer.extra);
}

domain::ChatResponse read_chat(Reader& r) {
    domain::ChatResponse answer;
    answer.id = r.text();
    answer.created = r.number();
    answer.model = r.text();
    answer.usage = read_usage(r);
    answer.choices.resize(r.count(8));
    for (auto& choice : answer.choices) {
        choice.index = static_cast<int>(r.number());
        const auto finish = r.byte();
        if (finish != no_finish) {
            if (finish > static_cast<unsigned char>(domain::FinishReason::content_filter)) r.fail();
            choice.finish_reason = static_cast<domain::FinishReason>(finish);
        }
        choice.stop_sequence = r.text();
        choice.message = read_message(r);
        choice.extra = r.fields();
        if (!r.ok()) break;
    }
    answer.extra = r.fields();
    return answer;
}

void write_embedding(Writer& w, const domain::EmbeddingResponse& answer) {
    w.text(answer.model);
    write_usage(w, answer.usage);
    w.byte(answer.usage_reported ? 1 : 0);
    w.unsigned_number(answer.embeddings.size());
    for (const auto& vector : answer.embeddings) w.floats(vector);
}

domain::EmbeddingResponse read_embedding(Reader& r) {
    domain::EmbeddingResponse answer;
    answer.model = r.text();
    answer.usage = read_usage(r);
    answer.usage_reported = r.byte() != 0;
    answer.embeddings.resize(r.count());
    for (auto& vector : answer.embeddings) {
        vector = r.floats();
        if (!r.ok()) break;
    }
    return answer;
}

}  // namespace

std::string encode_entry(const domain::CacheEntry& entry) {
    Writer w;
    w.out_ += magic;
    w.byte(version);
    w.number(std::chrono::duration_cast<std::chrono::milliseconds>(entry.stored_at.time_since_epoch()).count());
    if (const auto* chat = std::get_if<domain::ChatResponse>(&entry.answer)) {
        w.byte(chat_kind);
        write_chat(w, *chat);
    } else {
        w.byte(embedding_kind);
        write_embedding(w, std::get<domain::EmbeddingResponse>(entry.answer));
    }
    return w.take();
}

std::optional<domain::CacheEntry> decode_entry(std::string_view bytes) {
    if (!bytes.starts_with(magic)) return std::nullopt;
    Reader r(bytes.substr(magic.size()));
    if (r.byte() != version) return std::nullopt;
    // Milliseconds since 1970 that the clock can hold (up to the year 2255).
    constexpr std::int64_t latest_stored_at_ms = 9'000'000'000'000;
    const auto stored_at_ms = r.number();
    if (stored_at_ms < 0 || stored_at_ms > latest_stored_at_ms) return std::nullopt;
    domain::CacheEntry entry;
    entry.stored_at = std::chrono::system_clock::time_point(
        std::chrono::duration_cast<std::chrono::system_clock::duration>(std::chrono::milliseconds(stored_at_ms)));
    const auto kind = r.byte();
    if (kind == chat_kind) {
        entry.answer = read_chat(r);
    } else if (kind == embedding_kind) {
        entry.answer = read_embedding(r);
    } else {
        return std::nullopt;
    }
    if (!r.done()) return std::nullopt;
    return entry;
}

}  // namespace llmgw::adapters::redis
