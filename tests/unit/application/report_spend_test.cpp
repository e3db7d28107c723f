#include <gtest/gtest.h>

#include "application/report_spend.hpp"
#include "domain/api_key.hpp"
#include "manual_clock.hpp"
#include "run_awaitable.hpp"

namespace llmgw::application {
namespace {

using namespace llmgw::testing;

class RecordingReports final : public domain::SpendReports {
public:
    boost::asio::awaitable<domain::Result<std::vector<domain::SpendGroup>>> spend(const domain::SpendQuery& query) override {
        asked.push_back(query);
        co_return std::vector<domain::SpendGroup>{{.group = "search", .requests = 1}};
    }
    std::vector<domain::SpendQuery> asked;
};

domain::SpendQuery this_month() {
    return {.from = std::chrono::system_clock::time_point{std::chrono::hours(1)},
            .to = std::chrono::system_clock::time_point{std::chrono::hours(2)}};
}

TEST(ReportSpend, AnOpenGatewayAnswersEveryQuestionAsAsked) {
    RecordingReports reports;
    const ReportSpend report(&reports);
    auto query = this_month();
    query.team = "ads";
    ASSERT_TRUE(run_awaitable(report(domain::RequestContext{"r", {}}, query)));
    ASSERT_EQ(reports.asked.size(), 1u);
    EXPECT_FALSE(reports.asked[0].key_id);
    EXPECT_EQ(reports.asked[0].team, "ads");
}

class KeyedReportSpend : public ::testing::Test {
protected:
    struct NoKeys final : domain::KeyStore {
        const domain::ApiKey* find(std::string_view) const noexcept override { return nullptr; }
    } keys;
    struct NoEvents final : AccessEvents {
        void governance_violation(const domain::RequestContext&, std::string_view) override {}
    } events;
    ManualClock clock;
    RecordingReports reports;
    ReportSpend report{&reports, AccessPolicy(keys, clock, events)};
    domain::ApiKey admin{.owner = {.api_key_id = "admin"}, .admin = true};
    domain::ApiKey ranker{.owner = {.api_key_id = "ranker", .team = "search"}};
};

TEST_F(KeyedReportSpend, AnOrdinaryKeySeesOnlyItsOwnRowsWhateverItAsks) {
    domain::RequestContext context{"r", ranker.owner};
    context.key = &ranker;
    ASSERT_TRUE(run_awaitable(report(context, this_month())));
    ASSERT_EQ(reports.asked.size(), 1u);
    EXPECT_EQ(reports.asked[0].key_id, "ranker");

    auto about_another = this_month();
    about_another.key_id = "someone-else";
    const auto nothing = run_awaitable(report(context, about_another));
    ASSERT_TRUE(nothing);
    EXPECT_TRUE(nothing.value().empty());
    EXPECT_EQ(reports.asked.size(), 1u) << "not even asked";

    domain::RequestContext as_admin{"r", admin.owner};
    as_admin.key = &admin;
    ASSERT_TRUE(run_awaitable(report(as_admin, about_another)));
    EXPECT_EQ(reports.asked.at(1).key_id, "someone-else") << "the admin key asks about anyone";
}

TEST(ReportSpend, RefusesAnEmptyRangeAndAnswersWithoutADatabaseThatItHasNone) {
    RecordingReports reports;
    auto backwards = this_month();
    std::swap(backwards.from, backwards.to);
    const auto refused = run_awaitable(ReportSpend(&reports)(domain::RequestContext{"r", {}}, backwards));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().param, "to");
    const auto none = run_awaitable(ReportSpend(nullptr)(domain::RequestContext{"r", {}}, this_month()));
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, domain::ErrorCode::ledger_unavailable);
}

}  // namespace
}  // namespace llmgw::application
