#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "application/stream_chat.hpp"
#include "chat_builders.hpp"
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

class StreamChatTest : public ::testing::Test {
protected:
    domain::Result<domain::StreamSummary> stream(domain::ChatRequest request) {
        request.stream = true;
        const auto model = request.model;
        return run_recorded(metering, domain::RequestContext{"req-s", {}}, domain::Operation::chat, model, true,
                            [&](const domain::RequestContext& context) {
                                return use_case(context, std::move(request), sink);
                            });
    }

    StrictMock<MockLlmTransport> transport;
    ManualClock clock;
    infrastructure::MemoryBudgetStore budgets{clock};
    infrastructure::MemoryCostLedger ledger;
    Metering metering{budgets, ledger, clock};
    ModelRouter router{{Route{domain::Deployment{"fast", "openai", "gpt-4.1-mini",
                                                 {.input_per_mtok = 1'000'000, .output_per_mtok = 2'000'000}},
                              &transport}}};
    IgnoredResilienceEvents events;
    Resilience resilience{router, clock, events};
    const ResponseCaching caching;
    StreamChat use_case{resilience, metering, caching};
    RecordingSink sink;
};

TEST_F(StreamChatTest, ForwardsEveryChunkAndSettlesTheReportedUsage) {
    EXPECT_CALL(transport, stream(_, upstream_model_is("gpt-4.1-mini"), _))
        .WillOnce([](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
            return play_stream(out, {content_chunk("a"), content_chunk("b")},
                               domain::StreamSummary{"id", "", {.prompt_tokens = 7, .completion_tokens = 2}, true});
        });

    auto summary = stream(chat_request("fast", "hi"));

    ASSERT_TRUE(summary) << summary.error().message;
    ASSERT_EQ(sink.chunks.size(), 2u);
    EXPECT_EQ(*sink.chunks[1].content, "b");
    EXPECT_EQ(summary.value().model, "fast");
    EXPECT_EQ(summary.value().usage.prompt_tokens, 7);
    const auto entries = ledger.rows();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].cost.value, 11'000);  // 7 * 1000 n$ + 2 * 2000 n$
    EXPECT_FALSE(entries[0].usage_estimated);
}

TEST_F(StreamChatTest, EstimatesUsageWhenTheUpstreamReportsNone) {
    EXPECT_CALL(transport, stream(_, _, _)).WillOnce([](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
        return play_stream(out, {content_chunk("12345678")}, domain::StreamSummary{});
    });
    auto summary = stream(chat_request("fast", "abcd"));
    ASSERT_TRUE(summary);
    EXPECT_FALSE(summary.value().usage_reported);
    const auto entries = ledger.rows();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_TRUE(entries[0].usage_estimated);
    EXPECT_EQ(entries[0].usage.prompt_tokens, 1);
    EXPECT_EQ(entries[0].usage.completion_tokens, 2);
}

TEST_F(StreamChatTest, AStreamThatFailsAfterChunksIsStillSettled) {
    EXPECT_CALL(transport, stream(_, _, _)).WillOnce([](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
        return play_stream(out, {content_chunk("partial")},
                           domain::make_error(domain::ErrorCode::upstream_error, "reset"));
    });
    auto summary = stream(chat_request("fast", "hi"));
    ASSERT_FALSE(summary);
    EXPECT_EQ(summary.error().code, domain::ErrorCode::upstream_error);
    ASSERT_EQ(ledger.rows().size(), 1u);
    EXPECT_TRUE(ledger.rows()[0].usage_estimated);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(StreamChatTest, AStreamThatFailsBeforeAnyChunkCostsNothing) {
    EXPECT_CALL(transport, stream(_, _, _)).WillOnce([](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
        return play_stream(out, {}, domain::make_error(domain::ErrorCode::rate_limited, "slow down"));
    });
    auto summary = stream(chat_request("fast", "hi"));
    ASSERT_FALSE(summary);
    EXPECT_EQ(summary.error().code, domain::ErrorCode::rate_limited);
    EXPECT_EQ(ledger.rows().at(0).cost.value, 0);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

}  // namespace
}  // namespace llmgw::application
