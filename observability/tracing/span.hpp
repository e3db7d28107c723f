#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace llmgw::observability {

// One finished span as OpenTelemetry exports it (trace/v1/trace.proto):
// plain data, built by whoever knows what the work was and handed to the
// Tracer once it is over. Attribute keys are the semantic conventions'
// names, string literals: a span holds views of them.

using TraceId = std::array<std::uint8_t, 16>;
using SpanId = std::array<std::uint8_t, 8>;

enum class SpanKind : int { internal = 1, server = 2, client = 3 };
enum class SpanStatus : int { unset = 0, ok = 1, error = 2 };

using AttributeValue = std::variant<std::string, bool, std::int64_t, double, std::vector<std::string>>;

struct Attribute {
    std::string_view key;
    AttributeValue value;
};

struct SpanEvent {
    std::string_view name;
    std::uint64_t time_unix_nano = 0;
    std::vector<Attribute> attributes;
};

struct Span {
    TraceId trace_id{};
    SpanId span_id{};
    SpanId parent_span_id{};  // all zero for a trace's root
    std::string trace_state;
    std::string name;
    SpanKind kind = SpanKind::internal;
    std::uint64_t start_unix_nano = 0;
    std::uint64_t end_unix_nano = 0;
    std::vector<Attribute> attributes;
    std::vector<SpanEvent> events;
    SpanStatus status = SpanStatus::unset;
    std::string status_message;
    bool sampled = true;
    bool parent_is_remote = false;  // the parent span is another process's

    bool has_parent() const noexcept { return parent_span_id != SpanId{}; }
};

// What every span of the process shares: the resource (service.name and
// the rest) and the instrumentation scope. Resource attributes come from
// configuration, so unlike a span's they own their keys.
struct TelemetryResource {
    std::vector<std::pair<std::string, AttributeValue>> attributes;
    std::string scope_name;
    std::string scope_version;
};

}  // namespace llmgw::observability
