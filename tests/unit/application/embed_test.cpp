#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "application/embed.hpp"
#include "infrastructure/memory_budget_store.hpp"
#include "infrastructure/memory_cost_ledger.hpp"
#include "manual_clock.hpp"
#include "mock_transport.hpp"
#include "recorded_call.hpp"
#include "run_awaitable.hpp"

namespace llmgw::application {
namespace {
using namespace llmgw::testing;
using ::testing::_;
using ::testing::StrictMock;

class EmbedTest : public ::testing::Test {
protected:
    domain::Result<domain::EmbeddingResponse> embed(std::vector<std::string> texts) {
        domain::EmbeddingRequest request;
        request.model = "embedder";
        request.texts = std::move(texts);
        return run_recorded(metering, domain::RequestContext{"req-e", {}}, domain::Operation::embeddings, "embedder", false,
                            [&](const domain::RequestContext& context) { return use_case(context, std::move(request)); });
    }

    StrictMock<MockLlmTransport> transport;
    ManualClock clock;
    infrastructure::MemoryBudgetStore budgets{clock};
    infrastructure::MemoryCostLedger ledger;
    Metering metering{budgets, ledger, clock};
    ModelRouter router{{Route{domain::Deployment{"embedder", "p", "text-embedding-3-small", {.input_per_mtok = 20'000'000}},
                              &transport}}};
    IgnoredResilienceEvents events;
    Resilience resilience{router, clock, events};
    const ResponseCaching caching;
    Embed use_case{resilience, metering, caching};
};

TEST_F(EmbedTest, CostsTheReportedTokens) {
    EXPECT_CALL(transport, embed(_, upstream_model_is("text-embedding-3-small"))).WillOnce([](auto&&...) {
        return ready(domain::Result<domain::EmbeddingResponse>(
            domain::EmbeddingResponse{{{0.1f}}, "", domain::Usage{.prompt_tokens = 50}, true}));
    });
    auto answer = embed({"hello"});
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer.value().model, "embedder");
    ASSERT_EQ(ledger.rows().size(), 1u);
    EXPECT_EQ(ledger.rows()[0].cost.value, 1'000'000);  // 50 tokens at $20/M
}

TEST_F(EmbedTest, EstimatesTokensTheUpstreamDidNotReport) {
    EXPECT_CALL(transport, embed(_, _)).WillOnce([](auto&&...) {
        return ready(domain::Result<domain::EmbeddingResponse>(domain::EmbeddingResponse{{{0.1f}, {0.2f}}, "", {}, false}));
    });
    auto answer = embed({"12345678", "1234"});
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer.value().usage.prompt_tokens, 3);
    EXPECT_TRUE(ledger.rows().at(0).usage_estimated);
}

TEST_F(EmbedTest, AFailureReleasesTheReservation) {
    EXPECT_CALL(transport, embed(_, _)).WillOnce([](auto&&...) {
        return ready(domain::Result<domain::EmbeddingResponse>(domain::make_error(domain::ErrorCode::upstream_error, "x")));
    });
    EXPECT_FALSE(embed({"x"}));
    EXPECT_EQ(ledger.rows().at(0).cost.value, 0);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

}  // namespace
}  // namespace llmgw::application
