// Rate limits through the chat use case: every limit that applies must
// admit a request; requests count one each, tokens are reserved at
// admission (the worst case) and settled with what was billed, requests
// under way are counted while they run; refusals name the limit and when
// to come back, and the tightest windows are told for the caller's headers.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "application/complete_chat.hpp"
#include "application/stream_chat.hpp"
#include "chat_builders.hpp"
#include "infrastructure/memory_budget_store.hpp"
#include "infrastructure/memory_cost_ledger.hpp"
#include "infrastructure/memory_rate_limit_store.hpp"
#include "infrastructure/memory_response_cache.hpp"
#include "manual_clock.hpp"
#include "mock_transport.hpp"
#include "recorded_call.hpp"

namespace llmgw::application {
namespace {

using namespace llmgw::testing;
using namespace std::chrono_literals;
using ::testing::_;
using domain::RateLimit;
using domain::RateMeasure;
using domain::PolicyScope;

// "hi": one token of prompt; with max_tokens 40, 41 tokens at worst.
domain::ChatRequest asking(std::int64_t max_tokens = 40) {
    auto request = chat_request("fast", "hi");
    request.max_tokens = domain::MaxTokens{max_tokens};
    return request;
}

class RateLimitingTest : public ::testing::Test {
protected:
    void configure(std::vector<RateLimit> limits) {
        for (std::size_t i = 0; i < limits.size(); ++i) limits[i].slot = i;
        store = std::make_unique<infrastructure::MemoryRateLimitStore>(limits);
        rates = std::make_unique<RateLimiting>(*store, clock, std::move(limits));
    }

    // Every call answers at once, billed 10 + 2 tokens.
    void upstream_answers() {
        EXPECT_CALL(transport, complete(_, _)).WillRepeatedly([this](auto&&...) {
            ++upstream_calls;
            return ready(domain::Result<domain::ChatResponse>(
                text_response("fine", {.prompt_tokens = 10, .completion_tokens = 2})));
        });
    }

    domain::Result<domain::ChatResponse> complete(domain::ChatRequest request = asking(),
                                                  domain::Attribution caller = {.api_key_id = "k1", .team = "search"}) {
        CompleteChat chat(resilience, metering, caching, RequestPolicy{{}, {}, rates.get()});
        domain::RequestContext context{"req-" + std::to_string(++requests), std::move(caller)};
        status = {};
        context.rate_limit_status = &status;
        return run_recorded(metering, context, domain::Operation::chat, request.model, false,
                            [&](const domain::RequestContext& recorded) { return chat(recorded, request); });
    }

    void cache_answers() {
        caching = ResponseCaching(cache, clock, CachePolicy{.enabled = true, .mode = CachePolicy::Mode::always});
    }

    ::testing::StrictMock<MockLlmTransport> transport;
    ManualClock clock;
    infrastructure::MemoryResponseCache cache{clock, 100};
    infrastructure::MemoryBudgetStore budgets{clock};
    infrastructure::MemoryCostLedger ledger;
    Metering metering{budgets, ledger, clock};
    ModelRouter router{{Route{domain::Deployment{"fast", "openai", "gpt-4.1-mini", {}}, &transport}}};
    IgnoredResilienceEvents events;
    Resilience resilience{router, clock, events};
    ResponseCaching caching;
    std::unique_ptr<infrastructure::MemoryRateLimitStore> store;
    std::unique_ptr<RateLimiting> rates;
    domain::RateLimitStatus status;
    int upstream_calls = 0;
    int requests = 0;
};

TEST_F(RateLimitingTest, AKeysRequestsAreCountedAndTheNextIsRefusedUntilTheBucketRefills) {
    configure({{.scope = PolicyScope::key, .owner = "k1", .period = 60s, .limit = 2}});
    upstream_answers();
    ASSERT_TRUE(complete());
    ASSERT_TRUE(status.requests);
    EXPECT_EQ(status.requests->limit, 2);
    EXPECT_EQ(status.requests->remaining, 1);
    EXPECT_EQ(status.requests->reset, 30s);
    ASSERT_TRUE(complete());

    const auto refused = complete();
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::rate_limit_exceeded);
    EXPECT_EQ(refused.error().exhausted, "requests");
    EXPECT_EQ(refused.error().retry_after, 30s);
    EXPECT_THAT(refused.error().message, ::testing::HasSubstr("2 requests per minute for key k1"));
    EXPECT_EQ(status.requests->remaining, 0) << "a refusal tells its window too";
    EXPECT_EQ(upstream_calls, 2);
    EXPECT_EQ(ledger.rows().back().error_code, "rate_limit_exceeded");
    EXPECT_EQ(complete(asking(), {.api_key_id = "k2", .team = "search"}).has_value(), true) << "another key has its own";

    clock.advance(30s);
    EXPECT_TRUE(complete());
}

TEST_F(RateLimitingTest, TokensAreReservedAtAdmissionAndSettledWithWhatWasBilled) {
    configure({{.scope = PolicyScope::team, .owner = "search", .measure = RateMeasure::tokens, .period = 60s, .limit = 100}});
    upstream_answers();
    ASSERT_TRUE(complete());
    ASSERT_TRUE(status.tokens);
    EXPECT_EQ(status.tokens->remaining, 59) << "41 reserved at admission";
    ASSERT_TRUE(complete());
    EXPECT_EQ(status.tokens->remaining, 100 - 12 - 41) << "the first gave back what it did not use";
}

TEST_F(RateLimitingTest, ACacheHitCountsAsARequestButGivesItsTokensBack) {
    configure({{.scope = PolicyScope::key, .owner = "k1", .period = 60s, .limit = 10},
               {.scope = PolicyScope::key, .owner = "k1", .measure = RateMeasure::tokens, .period = 60s, .limit = 100}});
    cache_answers();
    upstream_answers();
    ASSERT_TRUE(complete());
    ASSERT_TRUE(complete());  // a hit
    EXPECT_EQ(upstream_calls, 1);
    EXPECT_EQ(status.requests->remaining, 8) << "the hit was a request";
    ASSERT_TRUE(complete());
    EXPECT_EQ(status.tokens->remaining, 100 - 12 - 41) << "the hit billed no tokens: only the first call's 12 are gone";
}

TEST_F(RateLimitingTest, ARequestLargerThanTheLimitIsRefusedForGood) {
    configure({{.scope = PolicyScope::key, .owner = "k1", .measure = RateMeasure::output_tokens, .period = 60s, .limit = 50}});
    const auto refused = complete(asking(100));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().exhausted, "tokens");
    EXPECT_FALSE(refused.error().retry_after) << "waiting would not help";
    EXPECT_THAT(refused.error().message, ::testing::HasSubstr("more than the limit allows"));
}

TEST_F(RateLimitingTest, EveryLimitThatAppliesMustAdmitAndARefusalTakesNothingFromTheOthers) {
    configure({{.scope = PolicyScope::global, .period = 60s, .limit = 100},
               {.scope = PolicyScope::team, .owner = "search", .period = 60s, .limit = 1},
               {.scope = PolicyScope::model, .owner = "fast", .period = 60s, .limit = 100}});
    upstream_answers();
    ASSERT_TRUE(complete());
    EXPECT_EQ(status.requests->limit, 1) << "the tightest window is the one told";
    const auto refused = complete(asking(), {.api_key_id = "k2", .team = "search"});
    ASSERT_FALSE(refused) << "the team's limit holds for every key of the team";
    EXPECT_THAT(refused.error().message, ::testing::HasSubstr("team search"));
    ASSERT_TRUE(complete(asking(), {.api_key_id = "k3", .team = "ads"}));
    EXPECT_EQ(status.requests->remaining, 98) << "the refused request took nothing from the global window";
}

// ---- Requests under way ----

class ParallelLimitTest : public RateLimitingTest {
protected:
    void gated_upstream() {
        EXPECT_CALL(transport, complete(_, _)).WillRepeatedly([this](auto&&...) {
            ++upstream_calls;
            return behind_gate();
        });
    }
    boost::asio::awaitable<domain::Result<domain::ChatResponse>> behind_gate() {
        co_await gate.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        co_return text_response("fine", {.prompt_tokens = 10, .completion_tokens = 2});
    }
    void start() {
        const auto index = answers.size();
        answers.emplace_back();
        boost::asio::co_spawn(io, one_request(index), boost::asio::detached);
    }
    boost::asio::awaitable<void> one_request(std::size_t index) {
        domain::RequestContext context{"req-" + std::to_string(++requests), {.api_key_id = "k1", .team = "search"}};
        auto record = metering.open(context, domain::Operation::chat, "fast", false);
        CompleteChat chat(resilience, metering, caching, RequestPolicy{{}, {}, rates.get()});
        answers[index] = co_await chat(context, asking());
        record.answered(200);
    }
    // A stream that sends one chunk, then waits at the gate to finish.
    void gated_stream() {
        EXPECT_CALL(transport, stream(_, _, _))
            .WillRepeatedly([this](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
                ++upstream_calls;
                return stream_behind_gate(out);
            });
    }
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream_behind_gate(domain::ChunkSink& out) {
        BOOST_OUTCOME_CO_TRY(co_await out.on_chunk(content_chunk("part ")));
        co_await gate.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        co_return domain::StreamSummary{"up", "fast", {.prompt_tokens = 10, .completion_tokens = 2}, true};
    }
    void start_stream() {
        const auto index = streams.size();
        streams.emplace_back();
        sinks.emplace_back();
        boost::asio::co_spawn(io, one_stream(index), boost::asio::detached);
    }
    boost::asio::awaitable<void> one_stream(std::size_t index) {
        domain::RequestContext context{"req-" + std::to_string(++requests), {.api_key_id = "k1", .team = "search"}};
        auto record = metering.open(context, domain::Operation::chat, "fast", true);
        StreamChat chat(resilience, metering, caching, RequestPolicy{{}, {}, rates.get()});
        auto request = asking();
        request.stream = true;
        streams[index] = co_await chat(context, request, sinks[index]);
        record.answered(200);
    }
    void open_gate() {
        gate.cancel();
        io.run();
        io.restart();
        gate.expires_at(boost::asio::steady_timer::time_point::max());
    }

    boost::asio::io_context io;
    boost::asio::steady_timer gate{io, boost::asio::steady_timer::time_point::max()};
    std::deque<std::optional<domain::Result<domain::ChatResponse>>> answers;
    std::deque<std::optional<domain::Result<domain::StreamSummary>>> streams;
    std::deque<RecordingSink> sinks;
};

TEST_F(ParallelLimitTest, MaxParallelCountsTheRequestsUnderWay) {
    configure({{.scope = PolicyScope::key, .owner = "k1", .measure = RateMeasure::parallel, .limit = 2}});
    gated_upstream();
    for (int i = 0; i < 3; ++i) start();
    io.poll();
    ASSERT_TRUE(answers[2]);
    ASSERT_FALSE(*answers[2]);
    EXPECT_THAT(answers[2]->error().message, ::testing::HasSubstr("2 requests at once for key k1"));
    EXPECT_EQ(upstream_calls, 2);
    open_gate();
    start();
    io.poll();
    EXPECT_FALSE(answers[3]) << "admitted once the others ended: it waits at the gate";
    open_gate();
    ASSERT_TRUE(answers[3] && *answers[3]);
}

TEST_F(ParallelLimitTest, AStreamHoldsItsPlaceUntilItEnds) {
    configure({{.scope = PolicyScope::key, .owner = "k1", .measure = RateMeasure::parallel, .limit = 1}});
    gated_stream();
    start_stream();
    io.poll();
    ASSERT_EQ(sinks[0].chunks.size(), 1u) << "streaming, not finished";
    start_stream();
    io.poll();
    ASSERT_TRUE(streams[1]);
    ASSERT_FALSE(*streams[1]) << "the first stream still holds the only place";
    EXPECT_EQ(streams[1]->error().code, domain::ErrorCode::rate_limit_exceeded);
    open_gate();
    ASSERT_TRUE(streams[0] && *streams[0]);
    start_stream();
    io.poll();
    open_gate();
    ASSERT_TRUE(streams[2] && *streams[2]) << "the place came back when the stream ended";
    EXPECT_EQ(upstream_calls, 2);
}

TEST_F(ParallelLimitTest, ABurstOfLongRequestsCannotOverrunATokenLimit) {
    configure({{.scope = PolicyScope::key, .owner = "k1", .measure = RateMeasure::tokens, .period = 60s, .limit = 100}});
    gated_upstream();
    for (int i = 0; i < 3; ++i) start();
    io.poll();
    EXPECT_EQ(upstream_calls, 2) << "two worst cases (41 each) fit, a third would not";
    ASSERT_TRUE(answers[2]);
    EXPECT_EQ(answers[2]->error().exhausted, "tokens");
    open_gate();
    start();  // the first two used 12 each: room again
    io.poll();
    EXPECT_EQ(upstream_calls, 3);
    open_gate();
}

}  // namespace
}  // namespace llmgw::application
