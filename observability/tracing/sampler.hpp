#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "observability/tracing/span.hpp"

namespace llmgw::observability {

// Which traces are recorded, as OpenTelemetry's standard samplers decide it
// (OTEL_TRACES_SAMPLER): always_on, always_off, traceidratio, and each of
// them parent-based, where a trace the caller already decided on keeps the
// caller's decision and only a new trace is the sampler's to decide.
class Sampler {
public:
    enum class Kind { always_on, always_off, trace_id_ratio };

    // parentbased_always_on: the SDKs' default.
    Sampler() = default;
    Sampler(Kind root, double ratio, bool parent_based);

    // The sampler an OTEL_TRACES_SAMPLER name and OTEL_TRACES_SAMPLER_ARG
    // ask for (the argument only matters to the ratio samplers: a
    // probability in [0, 1], 1 when absent). None for a name it does not
    // know or an argument out of range.
    static std::optional<Sampler> parse(std::string_view name, std::string_view argument);

    // Whether the trace `trace_id` is sampled; `parent_sampled` is the
    // caller's decision, when the trace came with one.
    bool sampled(const TraceId& trace_id, std::optional<bool> parent_sampled) const noexcept;

    // The name OTEL_TRACES_SAMPLER uses for it, for logs.
    std::string name() const;

private:
    Kind root_ = Kind::always_on;
    double ratio_ = 1.0;
    bool parent_based_ = true;
};

}  // namespace llmgw::observability
