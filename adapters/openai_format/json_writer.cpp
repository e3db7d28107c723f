#include "adapters/openai_format/json_writer.hpp"

#include "observability/json_text.hpp"

#include <charconv>
#include <cmath>

#include <boost/json/value.hpp>

namespace llmgw::adapters {
using observability::append_json_string;

void JsonWriter::before_value() {
    if (need_comma_) out_ += ',';
    need_comma_ = true;
}

JsonWriter& JsonWriter::begin_object() {
    before_value();
    out_ += '{';
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::end_object() {
    out_ += '}';
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::begin_array() {
    before_value();
    out_ += '[';
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::end_array() {
    out_ += ']';
    need_comma_ = true;
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    before_value();
    append_json_string(out_, name);
    out_ += ':';
    need_comma_ = false;
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
    before_value();
    append_json_string(out_, value);
    return *this;
}

JsonWriter& JsonWriter::number(std::int64_t value) {
    before_value();
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, end);
    return *this;
}

JsonWriter& JsonWriter::number(double value) {
    if (!std::isfinite(value)) return null();  // JSON has no NaN or infinity
    before_value();
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, end);
    return *this;
}

JsonWriter& JsonWriter::number(float value) {
    if (!std::isfinite(value)) return null();
    before_value();
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, end);
    return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
    before_value();
    out_ += value ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    before_value();
    out_ += "null";
    return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
    before_value();
    out_ += json;
    return *this;
}

JsonWriter& JsonWriter::value(const boost::json::value& document) {
    switch (document.kind()) {
    case boost::json::kind::null: return null();
    case boost::json::kind::bool_: return boolean(document.get_bool());
    case boost::json::kind::int64: return number(document.get_int64());
    case boost::json::kind::uint64: {
        before_value();
        char buffer[24];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, document.get_uint64());
        out_.append(buffer, end);
        return *this;
    }
    case boost::json::kind::double_: return number(document.get_double());
    case boost::json::kind::string: return string(document.get_string());
    case boost::json::kind::array:
        begin_array();
        for (const auto& item : document.get_array()) value(item);
        return end_array();
    case boost::json::kind::object:
        begin_object();
        for (const auto& member : document.get_object()) key(member.key()).value(member.value());
        return end_object();
    }
    return *this;
}

std::string json_text(const boost::json::value& document) {
    JsonWriter writer;
    writer.value(document);
    return writer.take();
}

}  // namespace llmgw::adapters
