// The standard samplers as OTEL_TRACES_SAMPLER names them: parsing, the
// parent's decision under parent-based sampling, and the trace-id ratio.

#include <gtest/gtest.h>

#include "observability/tracing/sampler.hpp"

namespace llmgw::observability {
namespace {

// A trace id whose lowest 56 bits (the randomness the ratio samplers read)
// are `randomness`; the high bytes are set to show they are not read.
TraceId trace_with_randomness(std::uint64_t randomness) {
    TraceId id{};
    id.fill(0xFF);
    for (int i = 0; i < 7; ++i) id[15 - i] = static_cast<std::uint8_t>(randomness >> (8 * i));
    return id;
}

constexpr std::uint64_t half = std::uint64_t{1} << 55;  // of 2^56

TEST(Sampler, TheStandardNamesParse) {
    for (const char* name : {"always_on", "always_off", "traceidratio", "parentbased_always_on",
                             "parentbased_always_off", "parentbased_traceidratio"}) {
        const auto sampler = Sampler::parse(name, "");
        ASSERT_TRUE(sampler) << name;
        EXPECT_EQ(sampler->name(), name);
    }
}

TEST(Sampler, UnknownNamesAndBadRatiosAreRefused) {
    EXPECT_FALSE(Sampler::parse("jaeger_remote", ""));
    EXPECT_FALSE(Sampler::parse("parentbased_", ""));
    EXPECT_FALSE(Sampler::parse("ALWAYS_ON", ""));
    EXPECT_FALSE(Sampler::parse("traceidratio", "1.5"));
    EXPECT_FALSE(Sampler::parse("traceidratio", "-0.1"));
    EXPECT_FALSE(Sampler::parse("parentbased_traceidratio", "half"));
    EXPECT_TRUE(Sampler::parse("always_on", "ignored")) << "only the ratio samplers read the argument";
}

TEST(Sampler, AlwaysOnAndOffIgnoreTheParentUnlessParentBased) {
    const auto id = trace_with_randomness(0);
    EXPECT_TRUE(Sampler::parse("always_on", "")->sampled(id, false));
    EXPECT_FALSE(Sampler::parse("always_off", "")->sampled(id, true));
    EXPECT_FALSE(Sampler::parse("parentbased_always_on", "")->sampled(id, false));
    EXPECT_TRUE(Sampler::parse("parentbased_always_off", "")->sampled(id, true));
    EXPECT_TRUE(Sampler::parse("parentbased_always_on", "")->sampled(id, std::nullopt));
    EXPECT_FALSE(Sampler::parse("parentbased_always_off", "")->sampled(id, std::nullopt));
}

TEST(Sampler, TheDefaultIsParentBasedAlwaysOn) {
    const Sampler sampler;
    EXPECT_EQ(sampler.name(), "parentbased_always_on");
    EXPECT_TRUE(sampler.sampled(trace_with_randomness(0), std::nullopt));
    EXPECT_FALSE(sampler.sampled(trace_with_randomness(0), false));
}

TEST(Sampler, ARatioSamplesTheTracesWhoseRandomnessReachesItsThreshold) {
    const auto sampler = *Sampler::parse("traceidratio", "0.5");
    EXPECT_FALSE(sampler.sampled(trace_with_randomness(0), std::nullopt));
    EXPECT_FALSE(sampler.sampled(trace_with_randomness(half - 1), std::nullopt));
    EXPECT_TRUE(sampler.sampled(trace_with_randomness(half), std::nullopt));
    EXPECT_TRUE(sampler.sampled(trace_with_randomness((std::uint64_t{1} << 56) - 1), std::nullopt));
}

TEST(Sampler, RatiosZeroAndOneSampleNothingAndEverything) {
    const auto none = *Sampler::parse("traceidratio", "0");
    const auto all = *Sampler::parse("traceidratio", "1");
    for (const std::uint64_t randomness : {std::uint64_t{0}, half, (std::uint64_t{1} << 56) - 1}) {
        EXPECT_FALSE(none.sampled(trace_with_randomness(randomness), std::nullopt));
        EXPECT_TRUE(all.sampled(trace_with_randomness(randomness), std::nullopt));
    }
    EXPECT_TRUE(Sampler::parse("traceidratio", "")->sampled(trace_with_randomness(0), std::nullopt))
        << "without an argument the ratio is 1";
}

TEST(Sampler, AParentBasedRatioKeepsTheCallersDecision) {
    const auto sampler = *Sampler::parse("parentbased_traceidratio", "0.5");
    EXPECT_TRUE(sampler.sampled(trace_with_randomness(0), true));
    EXPECT_FALSE(sampler.sampled(trace_with_randomness(half), false));
    EXPECT_TRUE(sampler.sampled(trace_with_randomness(half), std::nullopt));
}

}  // namespace
}  // namespace llmgw::observability
