#include "observability/json_text.hpp"

namespace llmgw::observability {
namespace {

// The length of the well-formed UTF-8 sequence at the start of `rest`
// (RFC 3629: shortest form, no surrogates, at most U+10FFFF), or 0.
std::size_t utf8_sequence(std::string_view rest) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(rest[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // the allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) low = 0xA0;   // no overlong forms
        if (lead == 0xED) high = 0x9F;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) low = 0x90;   // no overlong forms
        if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
    } else {
        return 0;
    }
    if (rest.size() < length || byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
    }
    return length;
}

// Printable ASCII that JSON takes as it is: most of any text, copied in
// runs rather than a byte at a time.
bool plain(char c) noexcept {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x20 && byte < 0x80 && c != '"' && c != '\\';
}

}  // namespace

void append_json_string(std::string& out, std::string_view value) {
    static constexpr char hex[] = "0123456789abcdef";
    out.reserve(out.size() + value.size() + 2);
    out += '"';
    for (std::size_t i = 0; i < value.size();) {
        std::size_t run = i;
        while (run < value.size() && plain(value[run])) ++run;
        if (run > i) {
            out.append(value.data() + i, run - i);
            i = run;
            continue;
        }
        const char c = value[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            const std::size_t length = utf8_sequence(value.substr(i));
            if (length == 0) {
                out += "\xEF\xBF\xBD";  // U+FFFD for each byte that is not UTF-8
                ++i;
            } else {
                out.append(value.data() + i, length);
                i += length;
            }
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                out += "\\u00";
                out += hex[(c >> 4) & 0xF];
                out += hex[c & 0xF];
            } else {
                out += c;
            }
        }
        ++i;
    }
    out += '"';
}

}  // namespace llmgw::observability
