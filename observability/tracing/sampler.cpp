#include "observability/tracing/sampler.hpp"

#include <charconv>
#include <cmath>

namespace llmgw::observability {
namespace {

// The randomness a ratio sampler compares: the trace id's lowest 56 bits,
// which W3C Trace Context level 2 requires to be random.
std::uint64_t trace_randomness(const TraceId& trace_id) {
    std::uint64_t value = 0;
    for (std::size_t i = 9; i < trace_id.size(); ++i) value = (value << 8) | trace_id[i];
    return value;
}

constexpr double two_to_56 = 72057594037927936.0;

}  // namespace

Sampler::Sampler(Kind root, double ratio, bool parent_based) : root_(root), ratio_(ratio), parent_based_(parent_based) {}

std::optional<Sampler> Sampler::parse(std::string_view name, std::string_view argument) {
    double ratio = 1.0;
    if (!argument.empty()) {
        const auto [end, error] = std::from_chars(argument.data(), argument.data() + argument.size(), ratio);
        if (error != std::errc{} || end != argument.data() + argument.size() || !(ratio >= 0.0 && ratio <= 1.0)) {
            if (name.ends_with("traceidratio")) return std::nullopt;
            ratio = 1.0;  // only the ratio samplers read it
        }
    }
    const bool parent_based = name.starts_with("parentbased_");
    if (parent_based) name.remove_prefix(12);
    if (name == "always_on") return Sampler(Kind::always_on, 1.0, parent_based);
    if (name == "always_off") return Sampler(Kind::always_off, 0.0, parent_based);
    if (name == "traceidratio") return Sampler(Kind::trace_id_ratio, ratio, parent_based);
    return std::nullopt;
}

bool Sampler::sampled(const TraceId& trace_id, std::optional<bool> parent_sampled) const noexcept {
    if (parent_based_ && parent_sampled) return *parent_sampled;
    switch (root_) {
    case Kind::always_on: return true;
    case Kind::always_off: return false;
    case Kind::trace_id_ratio: {
        // OpenTelemetry's TraceIdRatioBased: sampled when the randomness is
        // at least the rejection threshold (1 - ratio) * 2^56.
        const auto threshold = static_cast<std::uint64_t>(std::llround((1.0 - ratio_) * two_to_56));
        return threshold == 0 || trace_randomness(trace_id) >= threshold;
    }
    }
    return false;
}

std::string Sampler::name() const {
    std::string text = parent_based_ ? "parentbased_" : "";
    switch (root_) {
    case Kind::always_on: return text + "always_on";
    case Kind::always_off: return text + "always_off";
    case Kind::trace_id_ratio: return text + "traceidratio";
    }
    return text;
}

}  // namespace llmgw::observability
