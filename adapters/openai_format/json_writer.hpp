#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/fwd.hpp>

namespace llmgw::adapters {

// Writes JSON text straight into a string: no document tree, and raw JSON
// (pass-through fields) spliced in anywhere without parsing it again.
// The caller keeps the structure well-formed; commas are placed here.
class JsonWriter {
public:
    JsonWriter& begin_object();
    JsonWriter& end_object();
    JsonWriter& begin_array();
    JsonWriter& end_array();
    JsonWriter& key(std::string_view name);

    JsonWriter& string(std::string_view value);
    JsonWriter& number(std::int64_t value);
    JsonWriter& number(double value);
    // The shortest text that reads back as the same float (embeddings).
    JsonWriter& number(float value);
    JsonWriter& boolean(bool value);
    JsonWriter& null();
    // Already valid JSON text, written as it is.
    JsonWriter& raw(std::string_view json);
    // A parsed document, numbers written as number() writes them: Boost.JSON's
    // own serializer writes 12.5 as 1.25E1, which is valid but is not what
    // the client or the provider wrote.
    JsonWriter& value(const boost::json::value& document);

    // Room for about `bytes` more, so that a large body grows without copies.
    void reserve(std::size_t bytes) { out_.reserve(out_.size() + bytes); }
    const std::string& text() const noexcept { return out_; }
    std::string take() noexcept { return std::move(out_); }

private:
    void before_value();

    std::string out_;
    bool need_comma_ = false;
};

// `document` as JSON text, the way JsonWriter::value writes it.
std::string json_text(const boost::json::value& document);

}  // namespace llmgw::adapters
