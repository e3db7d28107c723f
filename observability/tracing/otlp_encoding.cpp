#include "observability/tracing/otlp_encoding.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "observability/json_text.hpp"

namespace llmgw::observability {
namespace {

// Field numbers of the OTLP protobuf schema (opentelemetry/proto, v1).
namespace field {
constexpr int export_resource_spans = 1;  // ExportTraceServiceRequest
constexpr int resource = 1, scope_spans = 2;  // ResourceSpans
constexpr int resource_attributes = 1;        // Resource
constexpr int scope = 1, spans = 2;           // ScopeSpans
constexpr int scope_name = 1, scope_version = 2;  // InstrumentationScope
constexpr int trace_id = 1, span_id = 2, trace_state = 3, parent_span_id = 4, name = 5, kind = 6, start_time = 7,
              end_time = 8, attributes = 9, events = 11, status = 15, flags = 16;  // Span
constexpr int event_time = 1, event_name = 2, event_attributes = 3;  // Span.Event
constexpr int status_message = 2, status_code = 3;                   // Status
constexpr int key = 1, value = 2;                                    // KeyValue
constexpr int string_value = 1, bool_value = 2, int_value = 3, double_value = 4, array_value = 5;  // AnyValue
constexpr int array_values = 1;                                      // ArrayValue
}  // namespace field

// SpanFlags: the W3C trace flags in the low byte, then whether the parent's
// remoteness is known and whether it is remote.
constexpr std::uint32_t flags_has_is_remote = 0x100;
constexpr std::uint32_t flags_is_remote = 0x200;

std::uint32_t span_flags(const Span& span) {
    std::uint32_t flags = (span.sampled ? 0x01 : 0x00) | flags_has_is_remote;
    if (span.parent_is_remote) flags |= flags_is_remote;
    return flags;
}

// The protobuf wire format, written front to back into a buffer that grows
// ahead of the writes (an encoder spends its time on small fields: each is
// a few bytes stored, not a string append). A nested message's length is
// only known once it is written: `begin` leaves one byte for it, enough for
// the short messages most are (attributes, values), and `end` fills it in,
// making room for a longer length only when the message needs it.
class ProtoWriter {
public:
    ProtoWriter() : out_(4096, '\0') {}

    void varint(int number, std::uint64_t value) {
        room(20);
        tag(number, 0);
        raw_varint(value);
    }
    void fixed64(int number, std::uint64_t value) {
        room(20);
        tag(number, 1);
        raw_fixed(value);
    }
    void fixed32(int number, std::uint32_t value) {
        room(20);
        tag(number, 5);
        raw_fixed(value);
    }
    void float64(int number, double value) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &value, sizeof bits);
        fixed64(number, bits);
    }
    void bytes(int number, std::string_view value) {
        room(20 + value.size());
        tag(number, 2);
        raw_varint(value.size());
        std::memcpy(out_.data() + used_, value.data(), value.size());
        used_ += value.size();
    }
    template <std::size_t N>
    void bytes(int number, const std::array<std::uint8_t, N>& value) {
        bytes(number, std::string_view(reinterpret_cast<const char*>(value.data()), N));
    }
    // A nested message: begin returns where its length goes.
    std::size_t begin(int number) {
        room(20);
        tag(number, 2);
        out_[used_] = '\0';
        return used_++;
    }
    void end(std::size_t at) {
        const std::size_t length = used_ - at - 1;
        if (length < 0x80) {
            out_[at] = static_cast<char>(length);
            return;
        }
        char encoded[10];
        const std::size_t width = encode_varint(length, encoded);
        room(width);
        std::memmove(out_.data() + at + width, out_.data() + at + 1, length);
        std::memcpy(out_.data() + at, encoded, width);
        used_ += width - 1;
    }

    std::string take() {
        out_.resize(used_);
        return std::move(out_);
    }

private:
    // At least `bytes` free past what is written.
    void room(std::size_t bytes) {
        if (out_.size() - used_ < bytes) out_.resize(std::max(2 * out_.size(), used_ + bytes));
    }
    void tag(int number, int wire_type) { raw_varint((static_cast<std::uint64_t>(number) << 3) | wire_type); }
    void raw_varint(std::uint64_t value) { used_ += encode_varint(value, out_.data() + used_); }
    // Fixed-width integers are little-endian on the wire.
    template <class Integer>
    void raw_fixed(Integer value) {
        for (std::size_t i = 0; i < sizeof(Integer); ++i) out_[used_ + i] = static_cast<char>((value >> (8 * i)) & 0xFF);
        used_ += sizeof(Integer);
    }
    static std::size_t encode_varint(std::uint64_t value, char* out) {
        std::size_t n = 0;
        while (value >= 0x80) {
            out[n++] = static_cast<char>((value & 0x7F) | 0x80);
            value >>= 7;
        }
        out[n++] = static_cast<char>(value);
        return n;
    }

    std::string out_;
    std::size_t used_ = 0;
};

void write_any_value(ProtoWriter& out, const AttributeValue& value) {
    struct Visitor {
        ProtoWriter& out;
        void operator()(const std::string& text) const { out.bytes(field::string_value, text); }
        void operator()(bool flag) const { out.varint(field::bool_value, flag ? 1 : 0); }
        void operator()(std::int64_t number) const {
            out.varint(field::int_value, static_cast<std::uint64_t>(number));
        }
        void operator()(double number) const { out.float64(field::double_value, number); }
        void operator()(const std::vector<std::string>& texts) const {
            const auto array = out.begin(field::array_value);
            for (const auto& text : texts) {
                const auto element = out.begin(field::array_values);
                out.bytes(field::string_value, text);
                out.end(element);
            }
            out.end(array);
        }
    };
    std::visit(Visitor{out}, value);
}

void write_key_value(ProtoWriter& out, int number, std::string_view key, const AttributeValue& value) {
    const auto pair = out.begin(number);
    out.bytes(field::key, key);
    const auto any = out.begin(field::value);
    write_any_value(out, value);
    out.end(any);
    out.end(pair);
}

void write_span(ProtoWriter& out, const Span& span) {
    const auto message = out.begin(field::spans);
    out.bytes(field::trace_id, span.trace_id);
    out.bytes(field::span_id, span.span_id);
    if (!span.trace_state.empty()) out.bytes(field::trace_state, span.trace_state);
    if (span.has_parent()) out.bytes(field::parent_span_id, span.parent_span_id);
    out.bytes(field::name, span.name);
    out.varint(field::kind, static_cast<std::uint64_t>(span.kind));
    out.fixed64(field::start_time, span.start_unix_nano);
    out.fixed64(field::end_time, span.end_unix_nano);
    for (const auto& attribute : span.attributes) write_key_value(out, field::attributes, attribute.key, attribute.value);
    for (const auto& event : span.events) {
        const auto nested = out.begin(field::events);
        out.fixed64(field::event_time, event.time_unix_nano);
        out.bytes(field::event_name, event.name);
        for (const auto& attribute : event.attributes) {
            write_key_value(out, field::event_attributes, attribute.key, attribute.value);
        }
        out.end(nested);
    }
    if (span.status != SpanStatus::unset) {
        const auto status = out.begin(field::status);
        if (!span.status_message.empty()) out.bytes(field::status_message, span.status_message);
        out.varint(field::status_code, static_cast<std::uint64_t>(span.status));
        out.end(status);
    }
    out.fixed32(field::flags, span_flags(span));
    out.end(message);
}

// The OTLP JSON encoding.
class JsonOut {
public:
    JsonOut& raw(std::string_view text) {
        out_.append(text);
        return *this;
    }
    JsonOut& string(std::string_view text) {
        append_json_string(out_, text);
        return *this;
    }
    JsonOut& key(std::string_view name) {
        comma();
        string(name);
        out_.push_back(':');
        fresh_ = true;
        return *this;
    }
    JsonOut& open(char bracket) {
        comma();
        out_.push_back(bracket);
        fresh_ = true;
        return *this;
    }
    JsonOut& close(char bracket) {
        out_.push_back(bracket);
        fresh_ = false;
        return *this;
    }
    // A value in an array or after a key.
    JsonOut& item() {
        comma();
        fresh_ = false;
        return *this;
    }
    template <std::size_t N>
    JsonOut& hex(const std::array<std::uint8_t, N>& id) {
        static constexpr char digits[] = "0123456789abcdef";
        std::string text(2 * N, '0');
        for (std::size_t i = 0; i < N; ++i) {
            text[2 * i] = digits[id[i] >> 4];
            text[2 * i + 1] = digits[id[i] & 0x0F];
        }
        return item().string(text);
    }
    // 64-bit integers are strings in OTLP JSON.
    JsonOut& quoted_integer(std::uint64_t number) { return item().string(std::to_string(number)); }
    JsonOut& integer(std::int64_t number) { return item().raw(std::to_string(number)); }

    std::string take() { return std::move(out_); }

private:
    void comma() {
        if (!fresh_) out_.push_back(',');
        fresh_ = false;
    }

    std::string out_;
    bool fresh_ = true;
};

void write_json_value(JsonOut& out, const AttributeValue& value) {
    struct Visitor {
        JsonOut& out;
        void operator()(const std::string& text) const { out.key("stringValue").item().string(text); }
        void operator()(bool flag) const { out.key("boolValue").item().raw(flag ? "true" : "false"); }
        void operator()(std::int64_t number) const {
            out.key("intValue").item().string(std::to_string(number));
        }
        void operator()(double number) const {
            // JSON has no NaN or infinities; the protobuf JSON mapping spells them as strings.
            if (number != number) return void(out.key("doubleValue").item().string("NaN"));
            if (number > 1.7976931348623157e308) return void(out.key("doubleValue").item().string("Infinity"));
            if (number < -1.7976931348623157e308) return void(out.key("doubleValue").item().string("-Infinity"));
            char text[32];
            std::snprintf(text, sizeof text, "%.17g", number);
            out.key("doubleValue").item().raw(text);
        }
        void operator()(const std::vector<std::string>& texts) const {
            out.key("arrayValue").open('{').key("values").open('[');
            for (const auto& text : texts) out.open('{').key("stringValue").item().string(text).close('}');
            out.close(']').close('}');
        }
    };
    out.open('{');
    std::visit(Visitor{out}, value);
    out.close('}');
}

// An empty list is left out, as the protobuf JSON mapping leaves out
// defaults.
void write_json_attributes(JsonOut& out, const auto& attributes) {
    if (attributes.empty()) return;
    out.key("attributes").open('[');
    for (const auto& [key, value] : attributes) {
        out.open('{').key("key").item().string(key).key("value");
        write_json_value(out, value);
        out.close('}');
    }
    out.close(']');
}

void write_json_span(JsonOut& out, const Span& span) {
    out.open('{');
    out.key("traceId").hex(span.trace_id).key("spanId").hex(span.span_id);
    if (!span.trace_state.empty()) out.key("traceState").item().string(span.trace_state);
    if (span.has_parent()) out.key("parentSpanId").hex(span.parent_span_id);
    out.key("flags").integer(span_flags(span));
    out.key("name").item().string(span.name);
    out.key("kind").integer(static_cast<int>(span.kind));
    out.key("startTimeUnixNano").quoted_integer(span.start_unix_nano);
    out.key("endTimeUnixNano").quoted_integer(span.end_unix_nano);
    write_json_attributes(out, span.attributes);
    if (!span.events.empty()) {
        out.key("events").open('[');
        for (const auto& event : span.events) {
            out.open('{').key("timeUnixNano").quoted_integer(event.time_unix_nano);
            out.key("name").item().string(event.name);
            write_json_attributes(out, event.attributes);
            out.close('}');
        }
        out.close(']');
    }
    if (span.status != SpanStatus::unset) {
        out.key("status").open('{');
        if (!span.status_message.empty()) out.key("message").item().string(span.status_message);
        out.key("code").integer(static_cast<int>(span.status));
        out.close('}');
    }
    out.close('}');
}

}  // namespace

std::string encode_otlp_protobuf(const TelemetryResource& resource, std::span<const Span> spans) {
    ProtoWriter out;
    const auto resource_spans = out.begin(field::export_resource_spans);
    const auto resource_message = out.begin(field::resource);
    for (const auto& [key, value] : resource.attributes) {
        write_key_value(out, field::resource_attributes, key, value);
    }
    out.end(resource_message);
    const auto scope_spans = out.begin(field::scope_spans);
    const auto scope = out.begin(field::scope);
    out.bytes(field::scope_name, resource.scope_name);
    if (!resource.scope_version.empty()) out.bytes(field::scope_version, resource.scope_version);
    out.end(scope);
    for (const auto& span : spans) write_span(out, span);
    out.end(scope_spans);
    out.end(resource_spans);
    return out.take();
}

std::string encode_otlp_json(const TelemetryResource& resource, std::span<const Span> spans) {
    JsonOut out;
    out.open('{').key("resourceSpans").open('[').open('{');
    out.key("resource").open('{');
    write_json_attributes(out, resource.attributes);
    out.close('}');
    out.key("scopeSpans").open('[').open('{');
    out.key("scope").open('{').key("name").item().string(resource.scope_name);
    if (!resource.scope_version.empty()) out.key("version").item().string(resource.scope_version);
    out.close('}');
    out.key("spans").open('[');
    for (const auto& span : spans) write_json_span(out, span);
    out.close(']');
    out.close('}').close(']');
    out.close('}').close(']').close('}');
    return out.take();
}

}  // namespace llmgw::observability
