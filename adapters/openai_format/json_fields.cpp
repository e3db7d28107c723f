#include "adapters/openai_format/json_fields.hpp"

#include <algorithm>

#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {

domain::RawJsonFields unknown_fields(const boost::json::object& object, std::initializer_list<std::string_view> known) {
    domain::RawJsonFields fields;
    for (const auto& member : object) {
        const std::string_view name = member.key();
        if (std::find(known.begin(), known.end(), name) != known.end()) continue;
        fields.emplace_back(std::string(name), json_text(member.value()));
    }
    return fields;
}

void write_raw_fields(JsonWriter& writer, const domain::RawJsonFields& fields) {
    for (const auto& [name, json] : fields) writer.key(name).raw(json);
}

bool has_field(const domain::RawJsonFields& fields, std::string_view name) { return find_field(fields, name); }

const std::string* find_field(const domain::RawJsonFields& fields, std::string_view name) {
    for (const auto& [key, json] : fields) {
        if (key == name) return &json;
    }
    return nullptr;
}

const std::string* openai_field(const domain::ChatRequest& request, std::string_view name) {
    return request.dialect == domain::Dialect::openai ? find_field(request.extra, name) : nullptr;
}

}  // namespace llmgw::adapters
