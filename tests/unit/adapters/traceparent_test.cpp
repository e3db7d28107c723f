// W3C Trace Context: the traceparent header read and written, and the trace
// a request continues or starts.

#include <gtest/gtest.h>

#include "adapters/common/traceparent.hpp"

namespace llmgw::adapters {
namespace {

const std::string valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

TEST(Traceparent, ReadsTheCallersTraceSpanAndSampling) {
    const auto trace = parse_traceparent(valid);
    ASSERT_TRUE(trace);
    EXPECT_EQ(trace->trace_id[0], 0x4b);
    EXPECT_EQ(trace->trace_id[15], 0x36);
    EXPECT_EQ(trace->span_id[0], 0x00);
    EXPECT_EQ(trace->span_id[7], 0xb7);
    EXPECT_TRUE(trace->sampled);
    EXPECT_EQ(traceparent(*trace), valid) << "written back as read";
    EXPECT_FALSE(parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")->sampled);
    EXPECT_TRUE(parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03")->sampled)
        << "flags other than sampled are ignored";
}

TEST(Traceparent, IdsAreShownAsLowerCaseHex) {
    const auto trace = *parse_traceparent(valid);
    EXPECT_EQ(trace_id_hex(trace), "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(span_id_hex(trace), "00f067aa0ba902b7");
}

TEST(Traceparent, ALaterVersionMayAddFields) {
    EXPECT_TRUE(parse_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    EXPECT_TRUE(parse_traceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds"));
}

TEST(Traceparent, RefusesEveryMalformedVariant) {
    for (const std::string bad : {
             "",
             "00",
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",             // no flags
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",           // short flags
             "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",           // short trace id
             "00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01",         // long trace id
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",           // short span id
             "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",          // upper case
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",          // upper case
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0G",          // not hex
             "0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",          // not hex
             "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",          // version ff
             "00-00000000000000000000000000000000-00f067aa0ba902b7-01",          // zero trace id
             "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",          // zero span id
             "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",          // separators
             " 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",         // leading space
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",    // version 00 has four fields
             "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01 ",         // trailing space
             "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",         // later version, no dash
             "00-4bf92f3577b34da6-a3ce929d0e0e4736-00f067aa0ba902b7-01",         // dash misplaced
         }) {
        EXPECT_FALSE(parse_traceparent(bad)) << '"' << bad << '"';
    }
}

// Tracers as a gateway has them: with tracing off, and sampling with each
// standard root decision under parent-based sampling.
const observability::Tracer tracing_off;
const observability::Tracer sample_all(*observability::Sampler::parse("parentbased_always_on", ""), {});
const observability::Tracer sample_none(*observability::Sampler::parse("parentbased_always_off", ""), {});
constexpr std::string_view unsampled_caller = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

TEST(ContinueTrace, TheGatewaysSpanIsAChildOfTheCallers) {
    const auto trace = continue_trace(valid, "congo=t61rcWkgMzE", sample_none);
    ASSERT_TRUE(trace.valid());
    EXPECT_EQ(trace.trace_id, parse_traceparent(valid)->trace_id);
    EXPECT_EQ(trace.parent_span_id, parse_traceparent(valid)->span_id);
    EXPECT_NE(trace.span_id, trace.parent_span_id);
    EXPECT_TRUE(trace.sampled) << "the caller sampled it, whatever the gateway would decide for a new trace";
    EXPECT_EQ(trace.tracestate, "congo=t61rcWkgMzE");
    EXPECT_FALSE(continue_trace(unsampled_caller, "", sample_all).sampled) << "the caller's no stands too";
}

TEST(ContinueTrace, WithTracingOffTheCallersDecisionIsPassedOnAndNewTracesAreNotSampled) {
    EXPECT_TRUE(continue_trace(valid, "", tracing_off).sampled);
    EXPECT_FALSE(continue_trace(unsampled_caller, "", tracing_off).sampled);
    EXPECT_FALSE(continue_trace("", "", tracing_off).sampled);
}

TEST(ContinueTrace, ANewTraceIsSampledAsTheSamplerDecides) {
    EXPECT_TRUE(continue_trace("", "", sample_all).sampled);
    EXPECT_FALSE(continue_trace("", "", sample_none).sampled);
}

TEST(ContinueTrace, AnUnusableTraceparentStartsANewTrace) {
    const auto trace = continue_trace("00-00000000000000000000000000000000-00f067aa0ba902b7-01", "congo=1", sample_all);
    ASSERT_TRUE(trace.valid());
    EXPECT_FALSE(trace.has_parent());
    EXPECT_TRUE(trace.sampled);
    EXPECT_TRUE(trace.tracestate.empty()) << "a tracestate without its traceparent is dropped";
    EXPECT_NE(continue_trace("", "", sample_all).trace_id, trace.trace_id);
}

TEST(ContinueTrace, ATracestateWithControlCharactersOrTooLongIsDropped) {
    EXPECT_TRUE(continue_trace(valid, "congo=a\nb", sample_all).tracestate.empty());
    EXPECT_TRUE(continue_trace(valid, std::string(max_tracestate_bytes + 1, 'a'), sample_all).tracestate.empty());
}

}  // namespace
}  // namespace llmgw::adapters
