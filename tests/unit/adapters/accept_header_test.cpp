#include <gtest/gtest.h>

#include "adapters/inbound/http/accept_header.hpp"

namespace llmgw::adapters {
namespace {

TEST(PrefersOpenMetrics, WhenTheScraperRanksItFirst) {
    // What Prometheus 2.x and 3.x send.
    EXPECT_TRUE(prefers_openmetrics("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;"
                                    "q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"));
    EXPECT_TRUE(prefers_openmetrics("Application/OpenMetrics-Text; version=1.0.0"));
    EXPECT_TRUE(prefers_openmetrics("text/plain;q=0.5, application/openmetrics-text"));
}

TEST(PrefersOpenMetrics, NotWithoutItOrWhenTextRanksHigher) {
    EXPECT_FALSE(prefers_openmetrics(""));
    EXPECT_FALSE(prefers_openmetrics("*/*"));
    EXPECT_FALSE(prefers_openmetrics("text/plain; version=0.0.4"));
    EXPECT_FALSE(prefers_openmetrics("application/openmetrics-text;q=0.2, text/plain"));
    EXPECT_FALSE(prefers_openmetrics("application/openmetrics-text;q=0"));
    EXPECT_FALSE(prefers_openmetrics("application/openmetrics-text;q=banana"));
    EXPECT_FALSE(prefers_openmetrics(",,;;q=,"));
}

}  // namespace
}  // namespace llmgw::adapters
