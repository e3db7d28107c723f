#include "domain/trace_context.hpp"

#include <algorithm>
#include <cstring>
#include <random>

namespace llmgw::domain {

namespace {

template <std::size_t Size>
bool all_zero(const std::array<std::uint8_t, Size>& bytes) noexcept {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t byte) { return byte == 0; });
}

template <std::size_t Size>
std::array<std::uint8_t, Size> random_bytes() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    std::array<std::uint8_t, Size> bytes{};
    do {
        for (std::size_t at = 0; at < Size; at += 8) {
            const std::uint64_t word = generator();
            std::memcpy(bytes.data() + at, &word, std::min<std::size_t>(8, Size - at));
        }
    } while (all_zero(bytes));
    return bytes;
}

}  // namespace

bool TraceContext::valid() const noexcept { return !all_zero(trace_id) && !all_zero(span_id); }

bool TraceContext::has_parent() const noexcept { return !all_zero(parent_span_id); }

TraceContext TraceContext::child(std::array<std::uint8_t, 8> new_span_id) const {
    TraceContext child = *this;
    child.parent_span_id = span_id;
    child.span_id = new_span_id;
    return child;
}

std::array<std::uint8_t, 16> random_trace_id() { return random_bytes<16>(); }

std::array<std::uint8_t, 8> random_span_id() { return random_bytes<8>(); }

TraceContext new_trace(bool sampled) {
    TraceContext trace;
    trace.trace_id = random_trace_id();
    trace.span_id = random_span_id();
    trace.sampled = sampled;
    return trace;
}

}  // namespace llmgw::domain
