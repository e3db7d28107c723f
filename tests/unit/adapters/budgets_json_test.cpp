#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/inbound/http/budgets_json.hpp"
#include "adapters/common/usd_text.hpp"

namespace llmgw::adapters {
namespace {

TEST(UsdText, WritesNanoDollarsAsAnExactDecimal) {
    EXPECT_EQ(usd_text({0}), "0");
    EXPECT_EQ(usd_text({12'500'000'000}), "12.5");
    EXPECT_EQ(usd_text({20'000}), "0.00002");
    EXPECT_EQ(usd_text({1}), "0.000000001");
    EXPECT_EQ(usd_text({-1'000'000'000}), "-1");
    EXPECT_EQ(usd_text({INT64_MIN}), "-9223372036.854775808");
}

TEST(WriteBudgets, GivesEveryFigureInDollarsAndNanoDollars) {
    const auto now = std::chrono::sys_days{std::chrono::year(2026) / 12 / 15};
    const domain::Budget team{domain::BudgetScope::team, "search", domain::BudgetPeriod::monthly, {500'000'000'000}};
    const domain::Budget forever{domain::BudgetScope::global, "", domain::BudgetPeriod::total, {3}};
    const auto body = write_budgets({{domain::budget_line(team, now), {{12'500'000'000}, {3'100'000}}},
                                     {domain::budget_line(forever, now), {{1}, {}}}});
    EXPECT_NE(body.find(R"("limit_usd":500,"spent_usd":12.5,"reserved_usd":0.0031,"remaining_usd":487.4969,"percent":2.50,)"),
              std::string::npos)
        << body;
    const auto data = boost::json::parse(body).at("data").as_array();
    EXPECT_EQ(data[0].at("period_start"), "2026-12-01T00:00:00.000Z");
    EXPECT_EQ(data[0].at("resets_at"), "2027-01-01T00:00:00.000Z");
    EXPECT_EQ(data[1].at("owner"), nullptr);
    EXPECT_EQ(data[1].at("resets_at"), nullptr);
    EXPECT_EQ(data[1].at("percent"), 33.33);
}

}  // namespace
}  // namespace llmgw::adapters
