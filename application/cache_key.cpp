#include "application/cache_key.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <openssl/sha.h>

namespace llmgw::application {
namespace {
namespace json = boost::json;

// Writes the canonical form: every piece length-prefixed or tagged, so that
// the text is unambiguous. It is hashed, never parsed.
class CanonicalWriter {
public:
    explicit CanonicalWriter(std::string& out) : out_(out) { out_.clear(); }

    void field(std::string_view value) {
        number(static_cast<long long>(value.size()));
        out_ += value;
    }
    // Eight bytes, whatever the value: fixed width needs no separator.
    void number(long long value) {
        char bytes[sizeof(std::int64_t)];
        const auto fixed = static_cast<std::int64_t>(value);
        std::memcpy(bytes, &fixed, sizeof bytes);
        out_.append(bytes, sizeof bytes);
    }
    void real(std::optional<double> value) {
        if (!value) {
            out_ += "-:";
            return;
        }
        write_double(*value);
        out_ += ':';
    }
    // JSON text by its value; empty text (absent) as itself.
    void json_value(std::string_view text) {
        if (text.empty()) {
            field({});
            return;
        }
        unsigned char buffer[4096];
        json::monotonic_resource memory(buffer, sizeof buffer);
        json::parse_options limits;
        limits.max_depth = 64;
        boost::system::error_code error;
        const auto value = json::parse(text, error, &memory, limits);
        if (error) {
            // Not JSON (never from the gateway's own parser): the text itself.
            out_ += 'x';
            field(text);
            return;
        }
        canonical(value);
    }
    // Pass-through fields: an object, so their order does not matter either.
    void raw_fields(const domain::RawJsonFields& fields, std::string_view left_out = {}) {
        std::vector<const std::pair<std::string, std::string>*> sorted;
        sorted.reserve(fields.size());
        for (const auto& entry : fields) {
            if (entry.first != left_out) sorted.push_back(&entry);
        }
        std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
        number(static_cast<long long>(sorted.size()));
        for (const auto* entry : sorted) {
            field(entry->first);
            json_value(entry->second);
        }
    }

private:
    void write_double(double value) {
        // A whole number is the same whether written 1, 1.0 or 1e0.
        constexpr double int64_bound = 9.2e18;
        if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < int64_bound) {
            char buffer[24];
            auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value));
            out_.append(buffer, end);
            return;
        }
        char buffer[32];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        out_.append(buffer, end);
    }
    template <class Integer>
    void decimal(Integer value) {
        out_ += 'd';
        char buffer[24];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        out_.append(buffer, end);
        out_ += ':';
    }
    void canonical(const json::value& value) {
        switch (value.kind()) {
        case json::kind::null: out_ += 'n'; return;
        case json::kind::bool_: out_ += value.get_bool() ? 't' : 'f'; return;
        // Every JSON number in decimal, so that 1 and 1.0 read the same.
        case json::kind::int64: decimal(value.get_int64()); return;
        case json::kind::uint64: decimal(value.get_uint64()); return;
        case json::kind::double_:
            out_ += 'd';
            write_double(value.get_double());
            out_ += ':';
            return;
        case json::kind::string:
            out_ += 's';
            field(value.get_string());
            return;
        case json::kind::array:
            out_ += '[';
            number(static_cast<long long>(value.get_array().size()));
            for (const auto& item : value.get_array()) canonical(item);
            return;
        case json::kind::object: {
            const auto& object = value.get_object();
            std::vector<const json::key_value_pair*> sorted;
            sorted.reserve(object.size());
            for (const auto& entry : object) sorted.push_back(&entry);
            std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->key() < b->key(); });
            out_ += '{';
            number(static_cast<long long>(sorted.size()));
            for (const auto* entry : sorted) {
                field(entry->key());
                canonical(entry->value());
            }
            return;
        }
        }
    }

    std::string& out_;
};

void write_message(CanonicalWriter& w, const domain::Message& m) {
    w.number(static_cast<int>(m.role));
    w.number(m.content_is_null ? 1 : 0);
    w.number(static_cast<long long>(m.content.size()));
    for (const auto& part : m.content) {
        w.number(static_cast<int>(part.kind));
        w.field(part.text);
        w.field(part.image_url);
        w.field(part.image_detail);
        w.json_value(part.raw);
    }
    w.field(m.name);
    w.number(static_cast<long long>(m.tool_calls.size()));
    for (const auto& call : m.tool_calls) {
        w.field(call.id);
        w.field(call.name);
        // As the model wrote them: a string, whatever it holds.
        w.field(call.arguments);
    }
    w.field(m.tool_call_id);
    w.number(m.tool_failed ? 1 : 0);
    // The reasoning sent back changes what the model continues from.
    w.number(static_cast<long long>(m.reasoning.size()));
    for (const auto& block : m.reasoning) {
        w.field(block.text);
        w.field(block.signature);
        w.field(block.redacted);
        w.field(block.id);
    }
    w.raw_fields(m.extra);
}

// One buffer per thread: a key is made on every cacheable request.
domain::CacheKey digest_of(const std::string& form) {
    domain::CacheKey key{};
    SHA256(reinterpret_cast<const unsigned char*>(form.data()), form.size(), key.data());
    return key;
}

std::string& scratch() {
    thread_local std::string buffer;
    return buffer;
}

// The caller's `user` (in Anthropic's dialect, `metadata` with its
// `user_id`) names the end user for the ledger; it does not change the answer.
constexpr std::string_view bookkeeping_field = "user";

std::string_view bookkeeping_field_of(domain::Dialect dialect) {
    return dialect == domain::Dialect::anthropic ? "metadata" : bookkeeping_field;
}

}  // namespace

domain::CacheKey cache_key(const domain::ChatRequest& request, std::string_view scope) {
    CanonicalWriter w(scratch());
    w.field("chat/5");
    w.field(scope);
    w.field(request.model);
    w.number(static_cast<long long>(request.messages.size()));
    for (const auto& message : request.messages) write_message(w, message);
    w.real(request.temperature);
    w.real(request.top_p);
    w.number(request.top_k.value_or(-1));
    w.number(request.max_tokens ? request.max_tokens->value : -1);
    w.number(request.n.value_or(1));
    w.number(static_cast<long long>(request.stop.size()));
    for (const auto& stop : request.stop) w.field(stop);
    w.number(static_cast<long long>(request.tools.size()));
    for (const auto& tool : request.tools) {
        w.field(tool.name);
        w.field(tool.description);
        w.json_value(tool.parameters);
        w.number(tool.strict ? (*tool.strict ? 1 : 0) : -1);
        w.json_value(tool.builtin);
    }
    w.number(request.tool_choice ? static_cast<int>(request.tool_choice->mode) : -1);
    w.field(request.tool_choice ? request.tool_choice->name : std::string{});
    w.number(request.parallel_tool_calls ? (*request.parallel_tool_calls ? 1 : 0) : -1);
    // The same field name may mean different things in two dialects.
    w.number(static_cast<int>(request.dialect));
    w.field(request.features);
    w.raw_fields(request.extra, bookkeeping_field_of(request.dialect));
    return digest_of(scratch());
}

domain::CacheKey cache_key(const domain::EmbeddingRequest& request, std::string_view scope) {
    CanonicalWriter w(scratch());
    w.field("embeddings/2");
    w.field(scope);
    w.field(request.model);
    w.number(static_cast<long long>(request.texts.size()));
    for (const auto& text : request.texts) w.field(text);
    if (request.texts.empty()) w.json_value(request.raw_input);
    w.number(request.dimensions.value_or(-1));
    w.raw_fields(request.extra, bookkeeping_field);
    return digest_of(scratch());
}

}  // namespace llmgw::application
