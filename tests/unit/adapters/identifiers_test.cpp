#include <gtest/gtest.h>

#include <set>

#include "adapters/common/identifiers.hpp"

namespace llmgw::adapters {
namespace {

using std::chrono::milliseconds;

TEST(RequestId, IdsMadeLaterSortLater) {
    const std::chrono::system_clock::time_point start{std::chrono::seconds(1'800'000'000)};
    std::string previous;
    for (const auto step : {milliseconds(0), milliseconds(1), milliseconds(31), milliseconds(32), milliseconds(1'000),
                            milliseconds(86'400'000), milliseconds(40'000'000'000)}) {
        const auto id = request_id(start + step);
        EXPECT_GT(id, previous) << "at +" << step.count() << " ms";
        previous = id;
    }
}

TEST(RequestId, IsReqThenTenTimeCharactersThenFourteenRandomOnes) {
    const auto id = request_id(std::chrono::system_clock::time_point{milliseconds(0)});
    ASSERT_EQ(id.size(), 4u + 10 + 14);
    EXPECT_EQ(id.substr(0, 14), "req_0000000000");
    EXPECT_EQ(request_id(std::chrono::system_clock::time_point{milliseconds(33)}).substr(0, 14), "req_0000000011");
    for (const char c : id.substr(4)) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c))) << id;
}

TEST(RequestId, IdsOfOneMillisecondDiffer) {
    const std::chrono::system_clock::time_point now{std::chrono::seconds(1'800'000'000)};
    std::set<std::string> ids;
    for (int i = 0; i < 10'000; ++i) ids.insert(request_id(now));
    EXPECT_EQ(ids.size(), 10'000u);
}

}  // namespace
}  // namespace llmgw::adapters
