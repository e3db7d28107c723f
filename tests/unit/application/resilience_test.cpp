#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "application/complete_chat.hpp"
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
using namespace std::chrono_literals;
using ::testing::_;
using ::testing::InSequence;
using ::testing::StrictMock;

using ChatResult = domain::Result<domain::ChatResponse>;
using StreamResult = domain::Result<domain::StreamSummary>;

domain::Error overloaded() { return domain::make_transient_error(domain::ErrorCode::upstream_unavailable, "overloaded"); }

domain::Error rate_limited(std::chrono::seconds retry_after) {
    auto error = domain::make_transient_error(domain::ErrorCode::rate_limited, "slow down");
    error.retry_after = retry_after;
    return error;
}

ChatResult answer(std::string text) { return text_response(std::move(text), {.prompt_tokens = 10, .completion_tokens = 5}); }

class RecordingEvents final : public ResilienceEvents {
public:
    void breaker_changed(const domain::Deployment& deployment, domain::BreakerState from,
                         domain::BreakerState to) override {
        changes.push_back(deployment.provider + ":" + std::string(domain::to_string(from)) + "->" +
                          std::string(domain::to_string(to)));
    }
    void retrying(const domain::RequestContext&, const domain::Deployment&, int attempt, std::chrono::milliseconds,
                  const domain::Error&) override {
        retries.push_back(attempt);
    }
    void failing_over(const domain::RequestContext&, const domain::Deployment& from, const domain::Deployment& to,
                      const domain::Error&) override {
        failovers.push_back(from.provider);
        failover_targets.push_back(to.provider);
    }
    void attempt_finished(const domain::Deployment& deployment, std::string_view outcome) override {
        outcomes.push_back(deployment.provider + ":" + std::string(outcome));
    }
    std::vector<std::string> changes;
    std::vector<std::string> outcomes;
    std::vector<int> retries;
    std::vector<std::string> failovers;
    std::vector<std::string> failover_targets;
};

domain::StreamChunk role_chunk() {
    domain::StreamChunk chunk;
    chunk.role = domain::Role::assistant;
    return chunk;
}

domain::StreamChunk finish_chunk() {
    domain::StreamChunk chunk;
    chunk.finish_reason = domain::FinishReason::stop;
    return chunk;
}

// Deployments: "primary" on provider a (and, in some tests, b as a peer),
// falling back on "backup" on provider c.
class ResilienceTest : public ::testing::Test {
protected:
    void build(std::vector<Route> primary_routes, RoutePolicy backup_policy = {}) {
        primary_routes.push_back(Route{domain::Deployment{"backup", "c", "c-model", {}}, &c, backup_policy});
        router = std::make_unique<ModelRouter>(std::move(primary_routes),
                                               ModelRouting{.fallbacks = {{"primary", {"backup"}}}}, &events);
        resilience = std::make_unique<Resilience>(*router, clock, events, [] { return 0.5; });
    }
    Route primary(MockLlmTransport& transport, std::string provider, RoutePolicy policy = {}) {
        return Route{domain::Deployment{"primary", std::move(provider), "up-model", {}}, &transport, policy};
    }

    ChatResult complete(domain::RequestContext context = {"req", {}, std::nullopt}) {
        CompleteChat chat(*resilience, metering, caching);
        return run_recorded(metering, std::move(context), domain::Operation::chat, "primary", false,
                            [&](const domain::RequestContext& recorded) {
                                return chat(recorded, chat_request("primary", "hi"));
                            });
    }
    StreamResult stream() {
        StreamChat chat(*resilience, metering, caching);
        auto request = chat_request("primary", "hi");
        request.stream = true;
        const auto model = request.model;
        return run_recorded(metering, domain::RequestContext{"req-s", {}, std::nullopt}, domain::Operation::chat, model,
                            true, [&](const domain::RequestContext& context) {
                                return chat(context, std::move(request), sink);
                            });
    }

    StrictMock<MockLlmTransport> a;
    StrictMock<MockLlmTransport> b;
    StrictMock<MockLlmTransport> c;
    ManualClock clock;
    infrastructure::MemoryBudgetStore budgets{clock};
    infrastructure::MemoryCostLedger ledger;
    const ResponseCaching caching;
    Metering metering{budgets, ledger, clock};
    RecordingEvents events;
    RecordingSink sink;
    std::unique_ptr<ModelRouter> router;
    std::unique_ptr<Resilience> resilience;
};

TEST_F(ResilienceTest, RetriesATransientFailureAfterAJitteredBackoff) {
    build({primary(a, "a")});
    EXPECT_CALL(a, complete(_, _))
        .WillOnce([](auto&&...) { return ready(ChatResult(overloaded())); })
        .WillOnce([](auto&&...) { return ready(ChatResult(overloaded())); })
        .WillOnce([](auto&&...) { return ready(answer("third time")); });

    auto result = complete();

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result.value().model, "primary");
    // Exponential from 200 ms with full jitter at a draw of 0.5: 100, then 200.
    EXPECT_EQ(clock.sleeps, (std::vector<std::chrono::milliseconds>{100ms, 200ms}));
    EXPECT_EQ(events.retries, (std::vector<int>{2, 3}));
    EXPECT_EQ(events.outcomes, (std::vector<std::string>{"a:upstream_unavailable", "a:upstream_unavailable", "a:success"}));
    ASSERT_EQ(ledger.rows().size(), 1u);
    EXPECT_EQ(ledger.rows()[0].attempts, 3);
    EXPECT_EQ(budgets.totals().settled, 1u) << "only the attempt that answered costs";
    EXPECT_EQ(budgets.totals().released, 2u);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(ResilienceTest, NeverRetriesNorFallsBackOnTheRequestsOwnFault) {
    build({primary(a, "a")});
    EXPECT_CALL(a, complete(_, _)).WillOnce([](auto&&...) {
        return ready(ChatResult(domain::make_error(domain::ErrorCode::invalid_request, "bad input")));
    });

    auto result = complete();

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, domain::ErrorCode::invalid_request);
    EXPECT_TRUE(clock.sleeps.empty());
    EXPECT_TRUE(events.failovers.empty());
}

TEST_F(ResilienceTest, FallsBackOnTheNextModelWhenRetriesAreSpent) {
    build({primary(a, "a")});
    EXPECT_CALL(a, complete(_, _)).Times(3).WillRepeatedly([](auto&&...) { return ready(ChatResult(overloaded())); });
    EXPECT_CALL(c, complete(_, upstream_model_is("c-model"))).WillOnce([](auto&&...) { return ready(answer("backup")); });

    auto result = complete();

    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result.value().model, "backup") << "the response names the model that answered";
    EXPECT_EQ(events.failovers, (std::vector<std::string>{"a"}));
    EXPECT_EQ(events.failover_targets, (std::vector<std::string>{"c"})) << "the deployment it moved on to";
    ASSERT_EQ(ledger.rows().size(), 1u);
    EXPECT_EQ(ledger.rows()[0].model, "primary") << "the model asked for";
    EXPECT_EQ(ledger.rows()[0].served_model, "backup");
    EXPECT_EQ(ledger.rows()[0].provider, "c");
    EXPECT_EQ(ledger.rows()[0].attempts, 4);
}

TEST_F(ResilienceTest, EachAttemptIsNumberedAndASpanOfItsOwnUnderTheRequests) {
    build({primary(a, "a")});
    std::vector<domain::Attempt> attempts;
    const auto record = [&](domain::Result<domain::ChatResponse> result) {
        return [&attempts, result](const domain::ChatRequest&, const domain::Attempt& attempt) {
            attempts.push_back(attempt);
            return ready(result);
        };
    };
    EXPECT_CALL(a, complete(_, upstream_model_is("up-model"))).Times(3).WillRepeatedly(record(overloaded()));
    EXPECT_CALL(c, complete(_, upstream_model_is("c-model"))).WillOnce(record(answer("backup")));
    domain::RequestContext context{"req", {}, std::nullopt};
    context.trace = domain::new_trace(true);
    context.trace.tracestate = "congo=t61rcWkgMzE";

    ASSERT_TRUE(complete(context));

    ASSERT_EQ(attempts.size(), 4u);
    std::set<std::array<std::uint8_t, 8>> spans;
    for (std::size_t i = 0; i < attempts.size(); ++i) {
        const auto& attempt = attempts[i];
        EXPECT_EQ(attempt.number, static_cast<int>(i) + 1) << "counted across retries and the fallback";
        EXPECT_EQ(attempt.trace.trace_id, context.trace.trace_id);
        EXPECT_EQ(attempt.trace.parent_span_id, context.trace.span_id);
        EXPECT_TRUE(attempt.trace.sampled);
        EXPECT_EQ(attempt.trace.tracestate, "congo=t61rcWkgMzE");
        spans.insert(attempt.trace.span_id);
    }
    EXPECT_EQ(spans.size(), 4u);
    EXPECT_FALSE(spans.contains(context.trace.span_id));
}

TEST_F(ResilienceTest, ADeploymentFaultThatIsNotTransientFallsBackWithoutRetrying) {
    build({primary(a, "a")});
    EXPECT_CALL(a, complete(_, _)).WillOnce([](auto&&...) {
        return ready(ChatResult(domain::make_error(domain::ErrorCode::upstream_error, "credentials rejected")));
    });
    EXPECT_CALL(c, complete(_, _)).WillOnce([](auto&&...) { return ready(answer("backup")); });

    EXPECT_TRUE(complete());
    EXPECT_TRUE(clock.sleeps.empty());
}

TEST_F(ResilienceTest, WhenNothingCanServeTheLastFailureIsReturned) {
    build({primary(a, "a")}, RoutePolicy{.retry = {.max_attempts = 1}});
    EXPECT_CALL(a, complete(_, _)).Times(3).WillRepeatedly([](auto&&...) { return ready(ChatResult(overloaded())); });
    EXPECT_CALL(c, complete(_, _)).WillOnce([](auto&&...) {
        return ready(ChatResult(domain::make_transient_error(domain::ErrorCode::upstream_timeout, "too slow")));
    });

    auto result = complete();

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, domain::ErrorCode::upstream_timeout);
    EXPECT_EQ(events.failovers, (std::vector<std::string>{"a"})) << "nothing is left after c";
    EXPECT_EQ(budgets.open_reservations(), 0u);
    EXPECT_EQ(ledger.rows().at(0).cost.value, 0);
}

TEST_F(ResilienceTest, WaitsOutAnUpstreamRetryAfter) {
    build({primary(a, "a")});
    EXPECT_CALL(a, complete(_, _))
        .WillOnce([](auto&&...) { return ready(ChatResult(rate_limited(2s))); })
        .WillOnce([](auto&&...) { return ready(answer("ok")); });

    EXPECT_TRUE(complete());
    EXPECT_EQ(clock.sleeps, (std::vector<std::chrono::milliseconds>{2000ms}));
}

TEST_F(ResilienceTest, ARetryAfterBeyondTheLimitFallsBackAtOnce) {
    build({primary(a, "a")});
    EXPECT_CALL(a, complete(_, _)).WillOnce([](auto&&...) { return ready(ChatResult(rate_limited(120s))); });
    EXPECT_CALL(c, complete(_, _)).WillOnce([](auto&&...) { return ready(answer("backup")); });

    EXPECT_TRUE(complete());
    EXPECT_TRUE(clock.sleeps.empty());
}

TEST_F(ResilienceTest, ARateLimitedDeploymentHandsOverToItsPeerAtOnce) {
    build({primary(a, "a"), primary(b, "b")});
    EXPECT_CALL(a, complete(_, _)).WillOnce([](auto&&...) { return ready(ChatResult(rate_limited(1s))); });
    EXPECT_CALL(b, complete(_, _)).WillOnce([](auto&&...) { return ready(answer("peer")); });

    auto result = complete();

    ASSERT_TRUE(result);
    EXPECT_EQ(result.value().model, "primary");
    EXPECT_TRUE(clock.sleeps.empty());
}

TEST_F(ResilienceTest, WeightedRoundRobinSpreadsRequestsOverTheDeployments) {
    build({primary(a, "a", {.weight = 3}), primary(b, "b", {.weight = 1})});
    EXPECT_CALL(a, complete(_, _)).Times(6).WillRepeatedly([](auto&&...) { return ready(answer("a")); });
    EXPECT_CALL(b, complete(_, _)).Times(2).WillRepeatedly([](auto&&...) { return ready(answer("b")); });
    for (int i = 0; i < 8; ++i) ASSERT_TRUE(complete());
}

TEST_F(ResilienceTest, AnOpenBreakerSkipsItsDeploymentUntilTheCooldownEnds) {
    const RoutePolicy fragile{.retry = {.max_attempts = 1},
                              .breaker = {.failure_threshold = 2, .cooldown = 30s}};
    build({primary(a, "a", fragile)});
    EXPECT_CALL(a, complete(_, _)).Times(2).WillRepeatedly([](auto&&...) { return ready(ChatResult(overloaded())); });
    EXPECT_CALL(c, complete(_, _)).Times(3).WillRepeatedly([](auto&&...) { return ready(answer("backup")); });

    for (int i = 0; i < 3; ++i) ASSERT_TRUE(complete());  // the third never reaches a
    EXPECT_EQ(events.changes, (std::vector<std::string>{"a:closed->open"}));

    ::testing::Mock::VerifyAndClearExpectations(&a);
    clock.advance(30s);
    EXPECT_CALL(a, complete(_, _)).WillOnce([](auto&&...) { return ready(answer("recovered")); });
    auto probe = complete();
    ASSERT_TRUE(probe);
    EXPECT_EQ(probe.value().model, "primary");
    EXPECT_EQ(events.changes, (std::vector<std::string>{"a:closed->open", "a:open->half_open", "a:half_open->closed"}));
}

TEST_F(ResilienceTest, WithEveryBreakerOpenTheCallerIsToldWhenToComeBack) {
    const RoutePolicy fragile{.retry = {.max_attempts = 1}, .breaker = {.failure_threshold = 1, .cooldown = 30s}};
    build({primary(a, "a", fragile)}, fragile);
    EXPECT_CALL(a, complete(_, _)).WillOnce([](auto&&...) { return ready(ChatResult(overloaded())); });
    EXPECT_CALL(c, complete(_, _)).WillOnce([](auto&&...) { return ready(ChatResult(overloaded())); });
    ASSERT_FALSE(complete());

    clock.advance(10s);
    auto refused = complete();

    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::upstream_unavailable);
    EXPECT_EQ(refused.error().retry_after, std::chrono::seconds(20));
}

TEST_F(ResilienceTest, AFullConcurrencyLimitRefusesAtOnceWithRetryAfter) {
    build({primary(a, "a", {.max_concurrency = 1, .max_queued = 0})}, {.max_concurrency = 1, .max_queued = 0});
    // Both deployments' only places are taken.
    auto held_a = run_awaitable(router->deployments()[0]->limiter.acquire(clock));
    auto held_c = run_awaitable(router->deployments()[1]->limiter.acquire(clock));
    ASSERT_TRUE(held_a && held_c);

    auto refused = complete();

    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::rate_limited);
    EXPECT_EQ(refused.error().retry_after, std::chrono::seconds(1));
}

TEST_F(ResilienceTest, ABackoffGivesItsConcurrencyPlaceUpWhileItWaits) {
    build({primary(a, "a", {.max_concurrency = 1, .max_queued = 0})});
    EXPECT_CALL(a, complete(_, _))
        .WillOnce([](auto&&...) { return ready(ChatResult(overloaded())); })
        .WillOnce([](auto&&...) { return ready(answer("ok")); });
    std::vector<std::size_t> in_flight_while_sleeping;
    clock.on_sleep = [&] { in_flight_while_sleeping.push_back(router->deployments()[0]->limiter.in_flight()); };

    EXPECT_TRUE(complete());
    EXPECT_EQ(in_flight_while_sleeping, (std::vector<std::size_t>{0}));
    EXPECT_EQ(router->deployments()[0]->limiter.in_flight(), 0u);
}

TEST_F(ResilienceTest, ARequestPastItsDeadlineIsNotAttempted) {
    build({primary(a, "a")});
    auto result = complete(domain::RequestContext{"late", {}, clock.monotonic() - 1ms});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, domain::ErrorCode::upstream_timeout);
}

TEST_F(ResilienceTest, NoBackoffOutlastsTheRequestsDeadline) {
    build({primary(a, "a", {.retry = {.max_attempts = 5, .base = 10'000ms, .max = 10'000ms}})},
          {.retry = {.max_attempts = 1}});
    EXPECT_CALL(a, complete(_, _)).WillOnce([](auto&&...) { return ready(ChatResult(overloaded())); });
    EXPECT_CALL(c, complete(_, _)).WillOnce([](auto&&...) { return ready(answer("backup")); });

    auto result = complete(domain::RequestContext{"soon", {}, clock.monotonic() + 2s});

    ASSERT_TRUE(result);
    EXPECT_TRUE(clock.sleeps.empty()) << "a 5 s backoff would pass the 2 s deadline";
}

TEST_F(ResilienceTest, AStreamThatFailsBeforeRealContentIsRetriedInvisibly) {
    build({primary(a, "a")});
    EXPECT_CALL(a, stream(_, _, _))
        .WillOnce([](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
            // Anthropic's way: 200, message_start, then an overloaded error event.
            return play_stream(out, {role_chunk()}, StreamResult(overloaded()));
        })
        .WillOnce([](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
            return play_stream(out, {role_chunk(), content_chunk("Hello"), finish_chunk()},
                               StreamResult(domain::StreamSummary{.usage_reported = false}));
        });

    auto result = stream();

    ASSERT_TRUE(result) << result.error().message;
    ASSERT_EQ(sink.chunks.size(), 3u) << "one role chunk, not two";
    EXPECT_EQ(sink.chunks[1].content, "Hello");
    EXPECT_EQ(sink.served_by, (std::vector<std::string>{"primary"}));
}

TEST_F(ResilienceTest, AStreamIsNeverRetriedOnceContentReachedTheClient) {
    build({primary(a, "a")});
    EXPECT_CALL(a, stream(_, _, _)).WillOnce([](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
        return play_stream(out, {role_chunk(), content_chunk("Hel")}, StreamResult(overloaded()));
    });

    auto result = stream();

    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, domain::ErrorCode::upstream_unavailable);
    ASSERT_EQ(sink.chunks.size(), 2u);
    EXPECT_TRUE(clock.sleeps.empty());
    ASSERT_EQ(ledger.rows().size(), 1u);
    EXPECT_EQ(budgets.totals().settled, 1u) << "what was delivered is still paid for";
    EXPECT_GT(ledger.rows()[0].usage.completion_tokens, 0);
    EXPECT_TRUE(ledger.rows()[0].usage_estimated);
}

TEST_F(ResilienceTest, AStreamFallsBackAndNamesTheModelThatServed) {
    build({primary(a, "a", {.retry = {.max_attempts = 1}})});
    EXPECT_CALL(a, stream(_, _, _)).WillOnce([](auto&&...) { return ready(StreamResult(overloaded())); });
    EXPECT_CALL(c, stream(_, _, _)).WillOnce([](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
        return play_stream(out, {content_chunk("from backup"), finish_chunk()},
                           StreamResult(domain::StreamSummary{}));
    });

    auto result = stream();

    ASSERT_TRUE(result);
    EXPECT_EQ(result.value().model, "backup");
    EXPECT_EQ(sink.served_by, (std::vector<std::string>{"backup"}));
    ASSERT_EQ(sink.chunks.size(), 2u);
}

TEST(ModelRouterFallbacks, AnUnknownFallbackIsRefusedAtStartUp) {
    StrictMock<MockLlmTransport> transport;
    std::vector<Route> routes{Route{domain::Deployment{"m", "p", "u", {}}, &transport}};
    EXPECT_THROW(ModelRouter(routes, ModelRouting{.fallbacks = {{"m", {"nowhere"}}}}), std::invalid_argument);
    EXPECT_THROW(ModelRouter(routes, ModelRouting{.fallbacks = {{"m", {"m"}}}}), std::invalid_argument);
}

}  // namespace
}  // namespace llmgw::application
