#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/trace_context.hpp"
#include "observability/tracing/tracer.hpp"

namespace llmgw::adapters {

// Longest `tracestate` passed on: W3C Trace Context allows 32 members of at
// most 256 characters each; beyond this the header is dropped, not cut.
inline constexpr std::size_t max_tracestate_bytes = 8192;

// A `traceparent` header (W3C Trace Context, version 00 and later):
// "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>", lower-case hex,
// neither id all zeros, version ff invalid; a later version may add fields
// after a dash. Returns the caller's span as a context (its span id the
// caller's), or none when the header is malformed.
std::optional<domain::TraceContext> parse_traceparent(std::string_view header);

// A trace id as W3C Trace Context writes it (32 lower-case hex digits, not
// all zeros), or none.
std::optional<std::array<std::uint8_t, 16>> parse_trace_id(std::string_view hex);

// The `traceparent` that names `trace`'s own span.
std::string traceparent(const domain::TraceContext& trace);
// Its trace id (32 hex digits) and span id (16), as logs and exporters show them.
std::string trace_id_hex(const domain::TraceContext& trace);
std::string span_id_hex(const domain::TraceContext& trace);

// The trace a request continues: the caller's (traceparent, with its
// tracestate when that is sane), with a new span of the gateway's own as the
// caller's span's child; else a new trace. `tracer`'s sampler decides
// whether it is sampled; with tracing off, a continued trace keeps the
// caller's decision (the gateway only passes it on) and a new one is not.
domain::TraceContext continue_trace(std::string_view traceparent_header, std::string_view tracestate_header,
                                    const observability::Tracer& tracer);

}  // namespace llmgw::adapters
