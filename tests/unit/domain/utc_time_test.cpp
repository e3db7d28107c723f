#include <gtest/gtest.h>

#include "domain/utc_time.hpp"

namespace llmgw::domain {
namespace {

using namespace std::chrono;

TEST(UtcTimestamp, WritesRfc3339WithMilliseconds) {
    EXPECT_EQ(utc_timestamp(sys_days(year(2026) / 12 / 1) + 16h + 9min + 45s + 123ms), "2026-12-01T16:09:45.123Z");
    EXPECT_EQ(utc_timestamp(system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(utc_timestamp(system_clock::time_point{} - 1ms), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(utc_timestamp(sys_days(year(2262) / 4 / 11)), "2262-04-11T00:00:00.000Z");
}

TEST(ParseUtcTimestamp, ReadsWhatItWritesOffsetsFractionsAndDates) {
    const auto at = sys_days(year(2026) / 12 / 1) + 16h + 9min + 45s + 123ms;
    EXPECT_EQ(parse_utc_timestamp(utc_timestamp(at)), at);
    EXPECT_EQ(parse_utc_timestamp("2026-12-01T18:09:45.1239+02:00"), at) << "to the millisecond";
    EXPECT_EQ(parse_utc_timestamp("2026-12-01"), sys_days(year(2026) / 12 / 1));
    EXPECT_EQ(parse_utc_timestamp("2026-12-01t16:09:45z"), at - 123ms);
    for (const char* bad : {"", "2026-13-01", "2026-02-30", "2026-12-01T25:00:00Z", "2026-12-01T16:09:45",
                            "2026-12-01T16:09:45.Z", "2026-12-01x", "yesterday", "2026-12-01T16:09:45Z junk"}) {
        EXPECT_FALSE(parse_utc_timestamp(bad)) << bad;
    }
}

}  // namespace
}  // namespace llmgw::domain
