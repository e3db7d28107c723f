#include "adapters/common/traceparent.hpp"

#include <algorithm>

namespace llmgw::adapters {

namespace {

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;  // upper case is invalid too
}

template <std::size_t Size>
bool read_hex(std::string_view text, std::array<std::uint8_t, Size>& bytes) {
    if (text.size() != Size * 2) return false;
    for (std::size_t i = 0; i < Size; ++i) {
        const int high = hex_value(text[2 * i]);
        const int low = hex_value(text[2 * i + 1]);
        if (high < 0 || low < 0) return false;
        bytes[i] = static_cast<std::uint8_t>(high * 16 + low);
    }
    return true;
}

template <std::size_t Size>
void write_hex(std::string& out, const std::array<std::uint8_t, Size>& bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    for (const auto byte : bytes) {
        out += digits[byte >> 4];
        out += digits[byte & 15];
    }
}

// Printable ASCII without control characters: what a tracestate may hold.
bool plausible_tracestate(std::string_view value) {
    return value.size() <= max_tracestate_bytes &&
           std::all_of(value.begin(), value.end(), [](char c) { return c >= 0x20 && c <= 0x7e; });
}

}  // namespace

std::optional<std::array<std::uint8_t, 16>> parse_trace_id(std::string_view hex) {
    std::array<std::uint8_t, 16> id{};
    if (!read_hex(hex, id) || std::all_of(id.begin(), id.end(), [](std::uint8_t byte) { return byte == 0; })) {
        return std::nullopt;
    }
    return id;
}

std::optional<domain::TraceContext> parse_traceparent(std::string_view header) {
    // version "-" trace-id "-" parent-id "-" flags: 2 + 1 + 32 + 1 + 16 + 1 + 2.
    constexpr std::size_t length = 55;
    if (header.size() < length) return std::nullopt;
    std::array<std::uint8_t, 1> version{};
    std::array<std::uint8_t, 1> flags{};
    domain::TraceContext trace;
    if (!read_hex(header.substr(0, 2), version) || version[0] == 0xff) return std::nullopt;
    if (header[2] != '-' || header[35] != '-' || header[52] != '-') return std::nullopt;
    if (!read_hex(header.substr(3, 32), trace.trace_id) || !read_hex(header.substr(36, 16), trace.span_id) ||
        !read_hex(header.substr(53, 2), flags)) {
        return std::nullopt;
    }
    // Version 00 is exactly 55 characters; a later one may only add "-...".
    if (header.size() > length && (version[0] == 0 || header[length] != '-')) return std::nullopt;
    if (!trace.valid()) return std::nullopt;
    trace.sampled = (flags[0] & 1) != 0;
    return trace;
}

std::string traceparent(const domain::TraceContext& trace) {
    std::string out = "00-";
    out.reserve(55);
    write_hex(out, trace.trace_id);
    out += '-';
    write_hex(out, trace.span_id);
    out += trace.sampled ? "-01" : "-00";
    return out;
}

std::string trace_id_hex(const domain::TraceContext& trace) {
    std::string out;
    write_hex(out, trace.trace_id);
    return out;
}

std::string span_id_hex(const domain::TraceContext& trace) {
    std::string out;
    write_hex(out, trace.span_id);
    return out;
}

domain::TraceContext continue_trace(std::string_view traceparent_header, std::string_view tracestate_header,
                                    const observability::Tracer& tracer) {
    if (auto caller = parse_traceparent(traceparent_header)) {
        if (plausible_tracestate(tracestate_header)) caller->tracestate = std::string(tracestate_header);
        auto trace = caller->child(domain::random_span_id());
        if (tracer.enabled()) trace.sampled = tracer.sampled(trace.trace_id, caller->sampled);
        return trace;
    }
    auto trace = domain::new_trace(false);
    trace.sampled = tracer.sampled(trace.trace_id, std::nullopt);
    return trace;
}

}  // namespace llmgw::adapters
