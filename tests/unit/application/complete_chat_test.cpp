#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "application/complete_chat.hpp"
#include "chat_builders.hpp"
#include "infrastructure/memory_budget_store.hpp"
#include "infrastructure/memory_cost_ledger.hpp"
#include "infrastructure/memory_response_cache.hpp"
#include "manual_clock.hpp"
#include "mock_transport.hpp"
#include "recorded_call.hpp"
#include "run_awaitable.hpp"

namespace llmgw::application {
namespace {

using namespace llmgw::testing;
using ::testing::_;
using ::testing::StrictMock;

class CompleteChatTest : public ::testing::Test {
protected:
    CompleteChat use_case(CachePolicy policy = {}) {
        caching = ResponseCaching(cache, clock, std::move(policy));
        return CompleteChat(resilience, metering, caching);
    }

    domain::Result<domain::ChatResponse> complete(CompleteChat& chat, domain::ChatRequest request) {
        const auto model = request.model;
        return run_recorded(metering, domain::RequestContext{"req-1", {.team = "search"}}, domain::Operation::chat, model,
                            false, [&](const domain::RequestContext& context) { return chat(context, std::move(request)); });
    }

    StrictMock<MockLlmTransport> transport;
    ManualClock clock;
    infrastructure::MemoryBudgetStore budgets{clock};
    infrastructure::MemoryCostLedger ledger;
    infrastructure::MemoryResponseCache cache{clock, 100};
    ResponseCaching caching;
    Metering metering{budgets, ledger, clock};
    ModelRouter router{{Route{domain::Deployment{"fast", "openai", "gpt-4.1-mini",
                                                 {.input_per_mtok = 400'000, .output_per_mtok = 1'600'000}},
                              &transport}}};
    IgnoredResilienceEvents events;
    Resilience resilience{router, clock, events};
};

TEST_F(CompleteChatTest, AsksTheDeploymentsUpstreamModelAndRecordsTheCost) {
    EXPECT_CALL(transport, complete(_, upstream_model_is("gpt-4.1-mini")))
        .WillOnce([](const domain::ChatRequest& request, const domain::Attempt&) {
            EXPECT_EQ(request.model, "fast");
            return ready(domain::Result<domain::ChatResponse>(
                text_response("hello", {.prompt_tokens = 1000, .completion_tokens = 500})));
        });
    auto chat = use_case();

    auto answer = complete(chat, chat_request("fast", "hi"));

    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer.value().model, "fast");
    const auto entries = ledger.rows();
    ASSERT_EQ(entries.size(), 1u);
    EXPECT_EQ(entries[0].request_id, "req-1");
    EXPECT_EQ(entries[0].caller.team, "search");
    EXPECT_EQ(entries[0].upstream_model, "gpt-4.1-mini");
    EXPECT_EQ(entries[0].cost.value, 1'200'000);  // 1000 * 400 n$ + 500 * 1600 n$
    EXPECT_FALSE(entries[0].usage_estimated);
    EXPECT_EQ(entries[0].model, "fast");
    EXPECT_EQ(entries[0].status, 200);
    EXPECT_EQ(entries[0].attempts, 1);
    EXPECT_EQ(entries[0].usage.prompt_tokens, 1000);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CompleteChatTest, NonsenseUsageIsBilledAtTheEstimateAndFlagged) {
    auto answering = [](std::int64_t completion_tokens) {
        return [completion_tokens](const domain::ChatRequest&, const domain::Attempt&) {
            return ready(domain::Result<domain::ChatResponse>(
                text_response("hello", {.prompt_tokens = 10, .completion_tokens = completion_tokens})));
        };
    };
    EXPECT_CALL(transport, complete(_, _))
        .WillOnce(answering(domain::implausible_count))
        .WillOnce(answering(-5));
    auto chat = use_case();
    auto request = chat_request("fast", "hi");
    request.max_tokens = domain::MaxTokens{100, false};

    for (int i = 0; i < 2; ++i) ASSERT_TRUE(complete(chat, request));

    for (const auto& entry : ledger.rows()) {
        EXPECT_TRUE(entry.usage_estimated);
        EXPECT_EQ(entry.usage.completion_tokens, 100) << "the estimate: the most the answer may cost";
        EXPECT_GT(entry.cost.value, 0);
    }
    EXPECT_EQ(ledger.rows().size(), 2u);
}

TEST_F(CompleteChatTest, UnknownModelNeverReachesTheTransport) {
    auto chat = use_case();
    auto answer = complete(chat, chat_request("nope", "hi"));
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, domain::ErrorCode::model_not_found);
    EXPECT_EQ(answer.error().param, "model");
    ASSERT_EQ(ledger.rows().size(), 1u) << "a refused request has its row too";
    EXPECT_EQ(ledger.rows()[0].error_code, "model_not_found");
    EXPECT_EQ(ledger.rows()[0].attempts, 0);
    EXPECT_EQ(ledger.rows()[0].cost.value, 0);
}

TEST_F(CompleteChatTest, UpstreamFailureReleasesTheReservationAndPassesTheErrorOn) {
    EXPECT_CALL(transport, complete(_, _)).WillOnce([](auto&&...) {
        return ready(domain::Result<domain::ChatResponse>(
            domain::make_error(domain::ErrorCode::upstream_timeout, "too slow")));
    });
    auto chat = use_case();
    auto answer = complete(chat, chat_request("fast", "hi"));
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, domain::ErrorCode::upstream_timeout);
    EXPECT_EQ(ledger.rows().at(0).cost.value, 0);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CompleteChatTest, ATransportThatThrowsIsSettledAsAnError) {
    EXPECT_CALL(transport, complete(_, _)).WillOnce([](auto&&...) -> boost::asio::awaitable<domain::Result<domain::ChatResponse>> {
        throw std::runtime_error("bug");
        co_return domain::make_error(domain::ErrorCode::internal, "unreachable");
    });
    auto chat = use_case();
    auto answer = complete(chat, chat_request("fast", "hi"));
    ASSERT_FALSE(answer);
    EXPECT_EQ(answer.error().code, domain::ErrorCode::internal);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CompleteChatTest, ACachedAnswerSkipsTheTransportAndCostsNothing) {
    EXPECT_CALL(transport, complete(_, _)).Times(1).WillOnce([](auto&&...) {
        return ready(domain::Result<domain::ChatResponse>(text_response("hello", {.prompt_tokens = 10})));
    });
    auto chat = use_case(CachePolicy{.enabled = true, .mode = CachePolicy::Mode::always, .ttl = std::chrono::seconds(60)});

    auto first = complete(chat, chat_request("fast", "hi"));
    auto second = complete(chat, chat_request("fast", "hi"));

    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_EQ(second.value().choices[0].message.text(), "hello");
    const auto entries = ledger.rows();
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_FALSE(entries[0].cache_hit);
    EXPECT_TRUE(entries[1].cache_hit);
    EXPECT_EQ(entries[1].cost.value, 0);
    EXPECT_EQ(entries[1].usage.prompt_tokens, 10);
    EXPECT_EQ(entries[1].saved.value, 4'000) << "10 prompt tokens at 400 n$";
    EXPECT_EQ(entries[1].attempts, 0);
    EXPECT_EQ(entries[1].served_model, "fast");
}

TEST_F(CompleteChatTest, AnExpiredCacheEntryCallsTheUpstreamAgain) {
    EXPECT_CALL(transport, complete(_, _)).Times(2).WillRepeatedly([](auto&&...) {
        return ready(domain::Result<domain::ChatResponse>(text_response("hello", {})));
    });
    auto chat = use_case(CachePolicy{.enabled = true, .mode = CachePolicy::Mode::always, .ttl = std::chrono::seconds(60)});
    ASSERT_TRUE(complete(chat, chat_request("fast", "hi")));
    clock.advance(std::chrono::seconds(61));
    ASSERT_TRUE(complete(chat, chat_request("fast", "hi")));
}

}  // namespace
}  // namespace llmgw::application
