#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/inbound/http/spend_json.hpp"

namespace llmgw::adapters {
namespace {

using namespace std::chrono;

const auto now = sys_days(year(2026) / 12 / 15) + 10h;

TEST(ParseSpendQuery, DefaultsToThisMonthByTeam) {
    const auto query = parse_spend_query("/v1/spend", now);
    ASSERT_TRUE(query);
    EXPECT_EQ(query.value().from, sys_days(year(2026) / 12 / 1));
    EXPECT_GT(query.value().to, now);
    EXPECT_EQ(query.value().group_by, domain::SpendGrouping::team);
    EXPECT_FALSE(query.value().key_id);
}

TEST(ParseSpendQuery, ReadsTimesGroupingAndEveryFilter) {
    const auto query = parse_spend_query(
        "/v1/spend?from=2026-11-01&to=2026-12-01T12:00:00Z&group_by=day&key=k&team=t&project=p&user=u%20x&model=m&provider=o",
        now);
    ASSERT_TRUE(query) << query.error().message;
    const auto& q = query.value();
    EXPECT_EQ(q.from, sys_days(year(2026) / 11 / 1));
    EXPECT_EQ(q.to, sys_days(year(2026) / 12 / 1) + 12h);
    EXPECT_EQ(q.group_by, domain::SpendGrouping::day);
    EXPECT_EQ(q.key_id, "k");
    EXPECT_EQ(q.team, "t");
    EXPECT_EQ(q.project, "p");
    EXPECT_EQ(q.end_user, "u x") << "percent-decoded";
    EXPECT_EQ(q.model, "m");
    EXPECT_EQ(q.provider, "o");
}

TEST(ParseSpendQuery, RefusesWhatItCannotAnswer) {
    for (const char* target : {"/v1/spend?from=yesterday", "/v1/spend?group_by=week", "/v1/spend?limit=5"}) {
        const auto query = parse_spend_query(target, now);
        ASSERT_FALSE(query) << target;
        EXPECT_EQ(query.error().code, domain::ErrorCode::invalid_request);
        EXPECT_FALSE(query.error().param.empty()) << target;
    }
}

TEST(WriteSpend, GivesTotalsDollarsAndTheHitRate) {
    domain::SpendQuery query{.from = sys_days(year(2026) / 12 / 1), .to = now, .group_by = domain::SpendGrouping::team};
    const auto body = write_spend(query, {{.group = "search", .requests = 3, .errors = 1, .prompt_tokens = 30,
                                           .completion_tokens = 20, .cached_prompt_tokens = 5, .cache_hits = 1,
                                           .cost = {1'500'000'000}, .saved = {250}},
                                          {.group = ""}});
    EXPECT_NE(body.find(R"("cache_hit_rate":0.3333,"cost_usd":1.5,"cost_nanousd":1500000000,"saved_usd":0.00000025,)"),
              std::string::npos)
        << body;
    const auto parsed = boost::json::parse(body);
    EXPECT_EQ(parsed.at("group_by"), "team");
    EXPECT_EQ(parsed.at("from"), "2026-12-01T00:00:00.000Z");
    EXPECT_EQ(parsed.at("data").at(0).at("requests"), 3);
    EXPECT_EQ(parsed.at("data").at(1).at("group"), nullptr) << "rows without a team";
    EXPECT_EQ(parsed.at("data").at(1).at("cache_hit_rate").as_double(), 0.0);
}

}  // namespace
}  // namespace llmgw::adapters
