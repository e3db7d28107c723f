#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace llmgw::domain {

// Where a unit of work sits in a distributed trace (W3C Trace Context): the
// trace it belongs to, its own span, the span it was called from, whether
// the trace is sampled, and the vendors' `tracestate`, passed on untouched.
struct TraceContext {
    std::array<std::uint8_t, 16> trace_id{};
    std::array<std::uint8_t, 8> span_id{};
    std::array<std::uint8_t, 8> parent_span_id{};  // all zero for a trace's root
    bool sampled = false;
    std::string tracestate;

    // A trace id or span id of all zeros is invalid (W3C Trace Context).
    bool valid() const noexcept;
    bool has_parent() const noexcept;

    // The context of a span that this one calls: same trace, flags and
    // tracestate, a new span id, and this span as its parent.
    TraceContext child(std::array<std::uint8_t, 8> new_span_id) const;
};

// Fresh random ids, never all zeros. Not for secrets: the generator is fast,
// not cryptographic.
std::array<std::uint8_t, 16> random_trace_id();
std::array<std::uint8_t, 8> random_span_id();

// A new trace whose root is the calling span.
TraceContext new_trace(bool sampled);

}  // namespace llmgw::domain
