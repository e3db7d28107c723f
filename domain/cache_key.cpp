#include "domain/cache_key.hpp"

#include <algorithm>
#include <charconv>

namespace llmgw::domain {
namespace {

class CanonicalWriter {
public:
    void field(std::string_view value) {
        number(static_cast<long long>(value.size()));
        out_ += value;
    }
    void number(long long value) {
        char buffer[24];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
        out_.append(buffer, end);
        out_ += ':';
    }
    void real(std::optional<double> value) {
        if (!value) {
            out_ += "-:";
            return;
        }
        char buffer[32];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *value);
        out_.append(buffer, end);
        out_ += ':';
    }
    void raw_fields(RawJsonFields fields) {
        // JSON objects are unordered: sort so that key order does not matter.
        std::sort(fields.begin(), fields.end());
        number(static_cast<long long>(fields.size()));
        for (const auto& [name, json] : fields) {
            field(name);
            field(json);
        }
    }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

void write_message(CanonicalWriter& w, const Message& m) {
    w.number(static_cast<int>(m.role));
    w.number(m.content_is_null ? 1 : 0);
    w.number(static_cast<long long>(m.content.size()));
    for (const auto& part : m.content) {
        w.number(static_cast<int>(part.kind));
        w.field(part.text);
        w.field(part.image_url);
        w.field(part.image_detail);
        w.field(part.raw);
    }
    w.field(m.name);
    w.number(static_cast<long long>(m.tool_calls.size()));
    for (const auto& call : m.tool_calls) {
        w.field(call.id);
        w.field(call.name);
        w.field(call.arguments);
    }
    w.field(m.tool_call_id);
    // The reasoning sent back changes what the model continues from.
    w.number(static_cast<long long>(m.reasoning.size()));
    for (const auto& block : m.reasoning) {
        w.field(block.text);
        w.field(block.signature);
        w.field(block.redacted);
    }
    w.raw_fields(m.extra);
}

}  // namespace

std::string cache_key(const ChatRequest& request, const Attribution& caller) {
    CanonicalWriter w;
    w.field("v1");
    w.field(caller.team);
    w.field(request.model);
    w.number(static_cast<long long>(request.messages.size()));
    for (const auto& message : request.messages) write_message(w, message);
    w.real(request.temperature);
    w.real(request.top_p);
    w.number(request.max_tokens ? request.max_tokens->value : -1);
    w.number(static_cast<long long>(request.stop.size()));
    for (const auto& stop : request.stop) w.field(stop);
    w.number(static_cast<long long>(request.tools.size()));
    for (const auto& tool : request.tools) {
        w.field(tool.name);
        w.field(tool.description);
        w.field(tool.parameters);
        w.number(tool.strict ? (*tool.strict ? 1 : 0) : -1);
    }
    w.number(request.tool_choice ? static_cast<int>(request.tool_choice->mode) : -1);
    w.field(request.tool_choice ? request.tool_choice->name : std::string{});
    w.raw_fields(request.extra);
    return w.take();
}

}  // namespace llmgw::domain
