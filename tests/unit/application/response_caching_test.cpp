// The response cache's policy through the use cases: what is cacheable, in
// whose scope, what the caller's controls change, what a request is told,
// and how streams are replayed from and stored into the cache.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "application/complete_chat.hpp"
#include "application/embed.hpp"
#include "application/stream_chat.hpp"
#include "chat_builders.hpp"
#include "domain/api_key.hpp"
#include "domain/stream_replay.hpp"
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
using domain::CacheOutcome;
using std::chrono::seconds;

domain::ChatRequest cold(std::string text = "hi") {
    auto request = chat_request("fast", std::move(text));
    request.temperature = 0.0;
    return request;
}

class ResponseCachingTest : public ::testing::Test {
protected:
    void configure(CachePolicy policy) { caching = ResponseCaching(cache, clock, std::move(policy)); }

    // Answers every chat call with "hello" and counts the calls.
    void upstream_answers(std::string text = "hello") {
        ON_CALL(transport, complete(_, _)).WillByDefault([this, text](auto&&...) {
            ++upstream_calls;
            return ready(domain::Result<domain::ChatResponse>(
                text_response(text, {.prompt_tokens = 10, .completion_tokens = 2})));
        });
        EXPECT_CALL(transport, complete(_, _)).Times(::testing::AnyNumber());
    }

    domain::RequestContext context_of(domain::Attribution caller = {.api_key_id = "k1", .team = "search"}) {
        domain::RequestContext context{"req-" + std::to_string(++requests), std::move(caller)};
        context.cache_status = &status;
        return context;
    }

    domain::Result<domain::ChatResponse> complete(domain::ChatRequest request,
                                                  std::optional<domain::RequestContext> context = std::nullopt) {
        CompleteChat chat(resilience, metering, caching);
        return run_recorded(metering, context ? *context : context_of(), domain::Operation::chat, request.model, false,
                            [&](const domain::RequestContext& recorded) { return chat(recorded, request); });
    }

    domain::Result<domain::StreamSummary> stream(domain::ChatRequest request, RecordingSink& sink) {
        StreamChat chat(resilience, metering, caching);
        request.stream = true;
        return run_recorded(metering, context_of(), domain::Operation::chat, request.model, true,
                            [&](const domain::RequestContext& recorded) { return chat(recorded, request, sink); });
    }

    StrictMock<MockLlmTransport> transport;
    ManualClock clock;
    infrastructure::MemoryBudgetStore budgets{clock};
    infrastructure::MemoryCostLedger ledger;
    infrastructure::MemoryResponseCache cache{clock, 1000};
    Metering metering{budgets, ledger, clock};
    ModelRouter router{{Route{domain::Deployment{"fast", "openai", "gpt-4.1-mini",
                                                 {.input_per_mtok = 400'000, .output_per_mtok = 1'600'000}},
                              &transport}}};
    IgnoredResilienceEvents events;
    Resilience resilience{router, clock, events};
    ResponseCaching caching;
    domain::CacheStatus status;
    int upstream_calls = 0;
    int requests = 0;
};

TEST_F(ResponseCachingTest, ADeterministicRequestIsAnsweredOnceThenFromTheCache) {
    configure({.enabled = true});
    upstream_answers();
    ASSERT_TRUE(complete(cold()));
    EXPECT_EQ(status.outcome, CacheOutcome::miss);
    clock.advance(seconds(7));
    auto again = complete(cold());
    ASSERT_TRUE(again);
    EXPECT_EQ(again.value().choices[0].message.text(), "hello");
    EXPECT_EQ(status.outcome, CacheOutcome::hit);
    EXPECT_EQ(status.age, seconds(7));
    EXPECT_EQ(upstream_calls, 1);
    const auto rows = ledger.rows();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_TRUE(rows[1].cache_hit);
    EXPECT_EQ(rows[1].cost.value, 0);
    EXPECT_EQ(rows[1].saved.value, 10 * 400 + 2 * 1600);
    EXPECT_EQ(budgets.totals().spent.value, rows[0].cost.value) << "a hit charges no budget";
}

TEST_F(ResponseCachingTest, InDeterministicModeSamplingBypassesTheCacheUnlessSeeded) {
    configure({.enabled = true});
    upstream_answers();
    auto warm = cold();
    warm.temperature = 0.7;
    ASSERT_TRUE(complete(warm));
    EXPECT_EQ(status.outcome, CacheOutcome::bypass);
    ASSERT_TRUE(complete(warm));
    EXPECT_EQ(upstream_calls, 2);
    ASSERT_TRUE(complete(chat_request("fast", "no temperature")));
    EXPECT_EQ(status.outcome, CacheOutcome::bypass) << "the default temperature samples";

    auto seeded = warm;
    seeded.extra.emplace_back("seed", "7");
    ASSERT_TRUE(complete(seeded));
    ASSERT_TRUE(complete(seeded));
    EXPECT_EQ(status.outcome, CacheOutcome::hit);
    EXPECT_EQ(upstream_calls, 4);
}

TEST_F(ResponseCachingTest, SeveralChoicesAreNeverCached) {
    configure({.enabled = true, .mode = CachePolicy::Mode::always});
    upstream_answers();
    auto several = cold();
    several.n = 2;
    ASSERT_TRUE(complete(several));
    ASSERT_TRUE(complete(several));
    EXPECT_EQ(status.outcome, CacheOutcome::bypass);
    EXPECT_EQ(upstream_calls, 2);
}

TEST_F(ResponseCachingTest, AModelMayAlwaysOrNeverBeCached) {
    configure({.enabled = true, .models = {{"fast", ModelCaching::always}}});
    upstream_answers();
    auto warm = cold();
    warm.temperature = 1.0;
    ASSERT_TRUE(complete(warm));
    ASSERT_TRUE(complete(warm));
    EXPECT_EQ(status.outcome, CacheOutcome::hit);

    configure({.enabled = true, .mode = CachePolicy::Mode::always, .models = {{"fast", ModelCaching::never}}});
    ASSERT_TRUE(complete(cold()));
    ASSERT_TRUE(complete(cold()));
    EXPECT_EQ(status.outcome, CacheOutcome::bypass);
    EXPECT_EQ(upstream_calls, 3);
}

TEST_F(ResponseCachingTest, AnotherTeamNeverGetsTheEntry) {
    configure({.enabled = true});
    upstream_answers();
    ASSERT_TRUE(complete(cold(), context_of({.api_key_id = "k1", .team = "search"})));
    ASSERT_TRUE(complete(cold(), context_of({.api_key_id = "k2", .team = "ads"})));
    EXPECT_EQ(status.outcome, CacheOutcome::miss);
    ASSERT_TRUE(complete(cold(), context_of({.api_key_id = "k3", .team = "search"})));
    EXPECT_EQ(status.outcome, CacheOutcome::hit) << "the same team shares";
    EXPECT_EQ(upstream_calls, 2);
}

TEST_F(ResponseCachingTest, TheScopeIsConfigurableAndAKeyMayHaveItsOwn) {
    configure({.enabled = true, .scope = domain::CacheScope::key});
    upstream_answers();
    ASSERT_TRUE(complete(cold(), context_of({.api_key_id = "k1", .team = "search"})));
    ASSERT_TRUE(complete(cold(), context_of({.api_key_id = "k2", .team = "search"})));
    EXPECT_EQ(status.outcome, CacheOutcome::miss) << "per key, a teammate's key does not share";

    // Two keys in the global scope share, whatever their teams.
    const domain::ApiKey shared{.owner = {.api_key_id = "g1", .team = "a"}, .cache_scope = domain::CacheScope::global};
    const domain::ApiKey also{.owner = {.api_key_id = "g2", .team = "b"}, .cache_scope = domain::CacheScope::global};
    auto first = context_of(shared.owner);
    first.key = &shared;
    auto second = context_of(also.owner);
    second.key = &also;
    ASSERT_TRUE(complete(cold(), first));
    ASSERT_TRUE(complete(cold(), second));
    EXPECT_EQ(status.outcome, CacheOutcome::hit);
    EXPECT_EQ(upstream_calls, 3);
}

TEST_F(ResponseCachingTest, TheCallersControlsAreHonoured) {
    configure({.enabled = true, .ttl = seconds(300), .max_ttl = seconds(3600)});
    upstream_answers();
    auto no_store = context_of();
    no_store.cache_control.no_store = true;
    ASSERT_TRUE(complete(cold(), no_store));
    EXPECT_EQ(status.outcome, CacheOutcome::bypass);
    EXPECT_EQ(cache.size(), 0u) << "no-store stores nothing";

    ASSERT_TRUE(complete(cold()));
    auto no_cache = context_of();
    no_cache.cache_control.no_cache = true;
    ASSERT_TRUE(complete(cold(), no_cache));
    EXPECT_EQ(status.outcome, CacheOutcome::miss) << "no-cache does not look";
    EXPECT_EQ(upstream_calls, 3);

    clock.advance(seconds(60));
    auto recent = context_of();
    recent.cache_control.max_age = seconds(30);
    ASSERT_TRUE(complete(cold(), recent));
    EXPECT_EQ(status.outcome, CacheOutcome::miss) << "the entry is older than max-age";
    EXPECT_EQ(upstream_calls, 4);
    ASSERT_TRUE(complete(cold()));
    EXPECT_EQ(status.outcome, CacheOutcome::hit);

    auto short_lived = context_of();
    short_lived.cache_control.ttl = seconds(5);
    ASSERT_TRUE(complete(cold("brief"), short_lived));
    clock.advance(seconds(6));
    ASSERT_TRUE(complete(cold("brief")));
    EXPECT_EQ(status.outcome, CacheOutcome::miss) << "kept only the 5 s asked for";

    auto long_lived = context_of();
    long_lived.cache_control.ttl = seconds(86'400);
    ASSERT_TRUE(complete(cold("long"), long_lived));
    clock.advance(seconds(3601));
    ASSERT_TRUE(complete(cold("long")));
    EXPECT_EQ(status.outcome, CacheOutcome::miss) << "never longer than max_ttl";
}

TEST_F(ResponseCachingTest, AKeyRefusedTheControlsHasThemIgnored) {
    configure({.enabled = true});
    upstream_answers();
    const domain::ApiKey key{.owner = {.api_key_id = "k1", .team = "search"}, .cache_controls = false};
    ASSERT_TRUE(complete(cold()));
    auto context = context_of(key.owner);
    context.key = &key;
    context.cache_control.no_cache = true;
    ASSERT_TRUE(complete(cold(), context));
    EXPECT_EQ(status.outcome, CacheOutcome::hit);
    EXPECT_EQ(upstream_calls, 1);
}

TEST_F(ResponseCachingTest, ARefusalOrAFailureIsNotKept) {
    configure({.enabled = true});
    EXPECT_CALL(transport, complete(_, _))
        .WillOnce([](auto&&...) {
            return ready(domain::Result<domain::ChatResponse>(domain::make_error(domain::ErrorCode::upstream_error, "x")));
        })
        .WillOnce([](auto&&...) {
            auto refused = text_response("", {});
            refused.choices[0].message.extra.emplace_back("refusal", "\"I can't help with that.\"");
            return ready(domain::Result<domain::ChatResponse>(refused));
        })
        .WillOnce([](auto&&...) {
            auto filtered = text_response("", {});
            filtered.choices[0].finish_reason = domain::FinishReason::content_filter;
            return ready(domain::Result<domain::ChatResponse>(filtered));
        });
    EXPECT_FALSE(complete(cold()));
    ASSERT_TRUE(complete(cold()));
    ASSERT_TRUE(complete(cold()));
    EXPECT_EQ(cache.size(), 0u);
}

TEST_F(ResponseCachingTest, AStreamIsReplayedFromANonStreamedAnswer) {
    configure({.enabled = true});
    EXPECT_CALL(transport, complete(_, _)).WillOnce([](auto&&...) {
        auto answer = text_response("The quick brown fox jumps over the lazy dog, twice: ünïcödé text.",
                                    {.prompt_tokens = 10, .completion_tokens = 14});
        answer.id = "chatcmpl-up";
        answer.model = "fast";
        auto& message = answer.choices[0].message;
        message.tool_calls = {{"call_a", "lookup", R"({"city":"Paris","days":3})"},
                              {"call_b", "weather", R"({"q":"a fairly long argument string to cut"})"}};
        answer.choices[0].finish_reason = domain::FinishReason::tool_calls;
        return ready(domain::Result<domain::ChatResponse>(answer));
    });
    const auto stored = complete(cold());
    ASSERT_TRUE(stored);

    RecordingSink sink;
    const auto replayed = stream(cold(), sink);
    ASSERT_TRUE(replayed) << replayed.error().message;
    EXPECT_EQ(status.outcome, CacheOutcome::hit);
    EXPECT_EQ(replayed.value().usage.completion_tokens, 14);
    EXPECT_EQ(sink.served_by, std::vector<std::string>{"fast"});

    // The chunks make the same message again.
    domain::StreamAssembler assembler;
    for (const auto& chunk : sink.chunks) assembler.add(chunk);
    const auto rebuilt = assembler.take(replayed.value());
    const auto& original = stored.value().choices[0];
    ASSERT_EQ(rebuilt.choices.size(), 1u);
    EXPECT_EQ(rebuilt.choices[0].message.text(), original.message.text());
    ASSERT_EQ(rebuilt.choices[0].message.tool_calls.size(), 2u);
    for (std::size_t i = 0; i < 2; ++i) {
        EXPECT_EQ(rebuilt.choices[0].message.tool_calls[i].id, original.message.tool_calls[i].id);
        EXPECT_EQ(rebuilt.choices[0].message.tool_calls[i].name, original.message.tool_calls[i].name);
        EXPECT_EQ(rebuilt.choices[0].message.tool_calls[i].arguments, original.message.tool_calls[i].arguments);
    }
    EXPECT_EQ(rebuilt.choices[0].finish_reason, domain::FinishReason::tool_calls);
    ASSERT_GT(sink.chunks.size(), 8u) << "text in pieces, not one chunk";
    EXPECT_EQ(sink.chunks.front().role, domain::Role::assistant);
    const auto rows = ledger.rows();
    EXPECT_TRUE(rows.back().cache_hit);
    EXPECT_TRUE(rows.back().stream);
}

TEST_F(ResponseCachingTest, AStreamThatEndedNormallyIsStoredAndOneThatFailedIsNot) {
    configure({.enabled = true});
    EXPECT_CALL(transport, stream(_, _, _))
        .WillOnce([](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
            return play_stream(out, {content_chunk("cut "), content_chunk("off")},
                               domain::make_error(domain::ErrorCode::upstream_error, "reset"));
        })
        .WillOnce([](const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink& out) {
            auto finish = content_chunk("");
            finish.finish_reason = domain::FinishReason::stop;
            return play_stream(out, {content_chunk("whole "), content_chunk("answer"), finish},
                               domain::StreamSummary{"up-id", "", {.prompt_tokens = 3, .completion_tokens = 2}, true});
        });
    RecordingSink first;
    EXPECT_FALSE(stream(cold(), first));
    EXPECT_EQ(cache.size(), 0u);
    RecordingSink second;
    ASSERT_TRUE(stream(cold(), second));
    EXPECT_EQ(status.outcome, CacheOutcome::miss);
    ASSERT_EQ(cache.size(), 1u);

    // Now a plain request gets the whole answer.
    const auto hit = complete(cold());
    ASSERT_TRUE(hit);
    EXPECT_EQ(status.outcome, CacheOutcome::hit);
    EXPECT_EQ(hit.value().choices[0].message.text(), "whole answer");
    EXPECT_EQ(hit.value().usage.completion_tokens, 2);
}

TEST_F(ResponseCachingTest, EmbeddingsAreCachedWhateverTheMode) {
    configure({.enabled = true});
    EXPECT_CALL(transport, embed(_, _)).WillOnce([](auto&&...) {
        return ready(domain::Result<domain::EmbeddingResponse>(
            domain::EmbeddingResponse{.embeddings = {{0.5f, -0.25f}}, .model = "fast", .usage = {.prompt_tokens = 2}}));
    });
    Embed embed(resilience, metering, caching);
    const domain::EmbeddingRequest request{.model = "fast", .texts = {"hello"}, .input_count = 1};
    for (int i = 0; i < 2; ++i) {
        const auto answer = run_recorded(metering, context_of(), domain::Operation::embeddings, "fast", false,
                                         [&](const domain::RequestContext& context) { return embed(context, request); });
        ASSERT_TRUE(answer);
        EXPECT_EQ(answer.value().embeddings, (std::vector<std::vector<float>>{{0.5f, -0.25f}}));
    }
    EXPECT_EQ(status.outcome, CacheOutcome::hit);
    EXPECT_TRUE(ledger.rows().back().cache_hit);
}

TEST_F(ResponseCachingTest, AnOffCacheTellsNothing) {
    upstream_answers();
    ASSERT_TRUE(complete(cold()));
    ASSERT_TRUE(complete(cold()));
    EXPECT_EQ(status.outcome, CacheOutcome::none);
    EXPECT_EQ(upstream_calls, 2);
}

// ---- Single flight ----

class CoalescingTest : public ResponseCachingTest {
protected:
    // Every call waits at the gate until the test opens it, then answers
    // with the next of `outcomes` (the last one again when they run out).
    void gated_upstream(std::vector<domain::Result<domain::ChatResponse>> outcomes) {
        EXPECT_CALL(transport, complete(_, _)).WillRepeatedly([this, outcomes](auto&&...) {
            const auto outcome = outcomes[std::min<std::size_t>(upstream_calls, outcomes.size() - 1)];
            ++upstream_calls;
            return behind_gate(outcome);
        });
    }
    boost::asio::awaitable<domain::Result<domain::ChatResponse>> behind_gate(domain::Result<domain::ChatResponse> outcome) {
        co_await gate.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (!gate_opened) {
            ++cancelled_calls;
            co_return domain::make_error(domain::ErrorCode::client_closed, "cancelled");
        }
        co_return outcome;
    }

    // Every stream sends `before`, waits at the gate, then sends `after`
    // and ends with `ending`.
    void gated_stream(std::vector<domain::StreamChunk> before, std::vector<domain::StreamChunk> after,
                      domain::Result<domain::StreamSummary> ending = domain::StreamSummary{
                          "up-id", "fast", {.prompt_tokens = 3, .completion_tokens = 4}, true}) {
        EXPECT_CALL(transport, stream(_, _, _))
            .WillRepeatedly([this, before, after, ending](const domain::ChatRequest&, const domain::Attempt&,
                                                          domain::ChunkSink& out) {
                ++upstream_calls;
                return stream_behind_gate(out, before, after, ending);
            });
    }
    boost::asio::awaitable<domain::Result<domain::StreamSummary>> stream_behind_gate(
        domain::ChunkSink& out, std::vector<domain::StreamChunk> before, std::vector<domain::StreamChunk> after,
        domain::Result<domain::StreamSummary> ending) {
        for (const auto& chunk : before) {
            BOOST_OUTCOME_CO_TRY(co_await out.on_chunk(chunk));
        }
        co_await gate.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (!gate_opened) {
            ++cancelled_calls;
            co_return domain::make_error(domain::ErrorCode::client_closed, "cancelled");
        }
        for (const auto& chunk : after) {
            BOOST_OUTCOME_CO_TRY(co_await out.on_chunk(chunk));
        }
        co_return ending;
    }

    // A client of a stream, which may leave.
    struct StreamClient final : domain::ChunkSink {
        boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override {
            if (gone) co_return domain::make_error(domain::ErrorCode::client_closed, "gone");
            if (chunk.content) text += *chunk.content;
            co_return domain::success();
        }
        void on_served_by(const domain::Deployment& deployment) override { served_by.push_back(deployment.model); }
        std::string text;
        std::vector<std::string> served_by;
        bool gone = false;
    };

    // Starts one request on the loop (a stream: `stream_client(index)`
    // gets its chunks); its result lands in `answers` or `streams`, and
    // `leave(index)` is its client leaving.
    void start(std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt) {
        const auto index = add_request();
        boost::asio::co_spawn(io, one_request(index, deadline),
                              boost::asio::bind_cancellation_slot(clients[index].slot(), boost::asio::detached));
    }
    void start_stream() {
        const auto index = add_request();
        boost::asio::co_spawn(io, one_stream(index),
                              boost::asio::bind_cancellation_slot(clients[index].slot(), boost::asio::detached));
    }
    std::size_t add_request() {
        answers.emplace_back(std::nullopt);
        streams.emplace_back(std::nullopt);
        stream_clients.emplace_back();
        statuses.emplace_back();
        clients.emplace_back();
        return answers.size() - 1;
    }
    boost::asio::awaitable<void> one_stream(std::size_t index) {
        auto context = context_of();
        context.cache_status = &statuses[index];
        auto record = metering.open(context, domain::Operation::chat, "fast", true);
        StreamChat chat(resilience, metering, caching);
        auto request = cold();
        request.stream = true;
        auto streamed = co_await chat(context, request, stream_clients[index]);
        if (streamed) {
            record.answered(200);
        } else {
            record.failed(500, streamed.error());
        }
        streams[index] = std::move(streamed);
    }
    void leave(std::size_t index) {
        clients[index].emit(boost::asio::cancellation_type::terminal);
        io.poll();
    }
    boost::asio::awaitable<void> one_request(std::size_t index,
                                            std::optional<std::chrono::steady_clock::time_point> deadline) {
        auto context = context_of();
        context.deadline = deadline;
        context.cache_status = &statuses[index];
        auto record = metering.open(context, domain::Operation::chat, "fast", false);
        CompleteChat chat(resilience, metering, caching);
        auto answer = co_await chat(context, cold());
        if (answer) {
            record.answered(200);
        } else {
            record.failed(500, answer.error());
        }
        answers[index] = std::move(answer);
    }
    void open_gate() {
        gate_opened = true;
        gate.cancel();
        io.poll();
        io.restart();
    }

    boost::asio::io_context io;
    boost::asio::steady_timer gate{io, boost::asio::steady_timer::time_point::max()};
    std::deque<std::optional<domain::Result<domain::ChatResponse>>> answers;
    std::deque<domain::CacheStatus> statuses;
    std::deque<std::optional<domain::Result<domain::StreamSummary>>> streams;
    std::deque<StreamClient> stream_clients;
    std::deque<boost::asio::cancellation_signal> clients;
    bool gate_opened = false;
    int cancelled_calls = 0;
};

TEST_F(CoalescingTest, IdenticalRequestsInFlightMakeOneUpstreamCall) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("shared", {.prompt_tokens = 10, .completion_tokens = 2})});
    for (int i = 0; i < 10; ++i) start();
    io.poll();
    EXPECT_EQ(upstream_calls, 1);
    open_gate();
    io.run();
    ASSERT_EQ(answers.size(), 10u);
    for (std::size_t i = 0; i < answers.size(); ++i) {
        ASSERT_TRUE(answers[i] && *answers[i]) << i;
        EXPECT_EQ(answers[i]->value().choices[0].message.text(), "shared");
    }
    EXPECT_EQ(upstream_calls, 1);
    EXPECT_EQ(statuses[0].outcome, CacheOutcome::miss);
    for (std::size_t i = 1; i < statuses.size(); ++i) EXPECT_EQ(statuses[i].outcome, CacheOutcome::coalesced) << i;
    const auto rows = ledger.rows();
    ASSERT_EQ(rows.size(), 10u);
    EXPECT_EQ(std::count_if(rows.begin(), rows.end(), [](const auto& row) { return row.cache_hit; }), 9);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CoalescingTest, WhenTheLeaderFailsTheOthersGoOnByThemselves) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({domain::make_error(domain::ErrorCode::upstream_error, "boom"), text_response("second try", {})});
    for (int i = 0; i < 5; ++i) start();
    io.poll();
    open_gate();  // the leader fails; one of the others leads next
    gate.expires_at(boost::asio::steady_timer::time_point::max());
    io.poll();
    open_gate();
    io.run();
    EXPECT_EQ(upstream_calls, 2);
    ASSERT_TRUE(answers[0]);
    EXPECT_FALSE(*answers[0]) << "the leader's own failure is its own";
    for (std::size_t i = 1; i < answers.size(); ++i) {
        ASSERT_TRUE(answers[i] && *answers[i]) << i << " got no share of the failure";
        EXPECT_EQ(answers[i]->value().choices[0].message.text(), "second try");
    }
}

TEST_F(CoalescingTest, AFollowerKeepsItsOwnDeadline) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("late", {})});
    start();
    start(clock.monotonic() + std::chrono::seconds(1));
    io.poll();
    clock.advance(std::chrono::seconds(2));
    io.poll();
    ASSERT_TRUE(answers[1]);
    ASSERT_FALSE(*answers[1]);
    EXPECT_EQ(answers[1]->error().code, domain::ErrorCode::upstream_timeout);
    open_gate();
    io.run();
    ASSERT_TRUE(answers[0] && *answers[0]);
    EXPECT_EQ(upstream_calls, 1);
}

TEST_F(CoalescingTest, WhenTheLeadersClientLeavesItsCallGoesOnForTheOthers) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("for the others", {.prompt_tokens = 10, .completion_tokens = 2})});
    start();
    start();
    io.poll();
    leave(0);
    EXPECT_FALSE(answers[0]) << "the leader's request waits for the call it carries";
    open_gate();
    io.run();
    EXPECT_EQ(cancelled_calls, 0);
    ASSERT_TRUE(answers[1] && *answers[1]);
    EXPECT_EQ(answers[1]->value().choices[0].message.text(), "for the others");
    EXPECT_EQ(statuses[1].outcome, CacheOutcome::coalesced);
    EXPECT_EQ(cache.size(), 1u);
    // The leader's key paid for the call it started; the follower saved it.
    const auto rows = ledger.rows();
    ASSERT_EQ(rows.size(), 2u);
    const auto paid = std::find_if(rows.begin(), rows.end(), [](const auto& row) { return !row.cache_hit; });
    ASSERT_NE(paid, rows.end());
    EXPECT_EQ(paid->request_id, "req-1");
    EXPECT_GT(paid->cost.value, 0);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CoalescingTest, TheCallStopsWhenTheLastOneWaitingForItLeaves) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("for nobody", {})});
    start();
    start();
    start();
    io.poll();
    leave(0);
    leave(1);
    EXPECT_EQ(cancelled_calls, 0) << "one is still waiting";
    leave(2);
    io.run();
    EXPECT_EQ(cancelled_calls, 1);
    EXPECT_EQ(upstream_calls, 1);
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(budgets.open_reservations(), 0u);
    EXPECT_EQ(ledger.rows().size(), 3u);
}

TEST_F(CoalescingTest, ARequestThatCannotBeCancelledStillLeads) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("uncancellable", {})});
    add_request();
    boost::asio::co_spawn(io, one_request(0, std::nullopt), boost::asio::detached);  // no cancellation slot
    start();
    io.poll();
    open_gate();
    io.run();
    ASSERT_TRUE(answers[0] && *answers[0]);
    ASSERT_TRUE(answers[1] && *answers[1]);
    EXPECT_EQ(statuses[1].outcome, CacheOutcome::coalesced);
    EXPECT_EQ(upstream_calls, 1);
}

TEST_F(CoalescingTest, ALeaderLeftAloneStopsItsCallAtOnce) {
    configure({.enabled = true, .coalesce = true});
    gated_upstream({text_response("for nobody", {})});
    start();
    io.poll();
    leave(0);
    io.run();
    EXPECT_EQ(cancelled_calls, 1);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

domain::StreamChunk finish_chunk() {
    auto finish = content_chunk("");
    finish.finish_reason = domain::FinishReason::stop;
    return finish;
}

TEST_F(CoalescingTest, ALateJoinerOfAStreamGetsTheChunksSoFarThenTheRestLive) {
    configure({.enabled = true, .coalesce = true});
    gated_stream({content_chunk("Hello, "), content_chunk("wide ")}, {content_chunk("world."), finish_chunk()});
    start_stream();
    io.poll();
    start_stream();
    io.poll();
    EXPECT_EQ(stream_clients[1].text, "Hello, wide ") << "what the leader's client had so far";
    start();  // not streamed: it waits for the whole answer
    io.poll();
    open_gate();
    io.run();

    EXPECT_EQ(upstream_calls, 1);
    for (std::size_t i = 0; i < 2; ++i) {
        ASSERT_TRUE(streams[i] && *streams[i]) << i;
        EXPECT_EQ(stream_clients[i].text, "Hello, wide world.") << i;
        EXPECT_EQ(stream_clients[i].served_by, std::vector<std::string>{"fast"}) << i;
        EXPECT_EQ(streams[i]->value().usage.completion_tokens, 4) << i;
    }
    ASSERT_TRUE(answers[2] && *answers[2]);
    EXPECT_EQ(answers[2]->value().choices[0].message.text(), "Hello, wide world.");
    EXPECT_EQ(statuses[0].outcome, CacheOutcome::miss);
    EXPECT_EQ(statuses[1].outcome, CacheOutcome::coalesced);
    EXPECT_EQ(statuses[2].outcome, CacheOutcome::coalesced);
    EXPECT_EQ(cache.size(), 1u);
    const auto rows = ledger.rows();
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(std::count_if(rows.begin(), rows.end(), [](const auto& row) { return row.cache_hit; }), 2);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CoalescingTest, WhenTheLeadersStreamingClientLeavesTheStreamGoesOnForTheOthers) {
    configure({.enabled = true, .coalesce = true});
    gated_stream({content_chunk("Hello, ")}, {content_chunk("world."), finish_chunk()});
    start_stream();
    start_stream();
    io.poll();
    stream_clients[0].gone = true;  // its writes fail, and its request is cancelled
    leave(0);
    open_gate();
    io.run();
    EXPECT_EQ(cancelled_calls, 0);
    ASSERT_TRUE(streams[1] && *streams[1]);
    EXPECT_EQ(stream_clients[1].text, "Hello, world.");
    EXPECT_EQ(cache.size(), 1u) << "the whole stream was kept";
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CoalescingTest, AStreamThatFailsMidwayFailsTheFollowersThatHadPartOfIt) {
    configure({.enabled = true, .coalesce = true});
    gated_stream({content_chunk("Hello, ")}, {content_chunk("wor")},
                 domain::make_error(domain::ErrorCode::upstream_error, "reset"));
    start_stream();
    start_stream();
    io.poll();
    open_gate();
    io.run();
    EXPECT_EQ(upstream_calls, 1);
    ASSERT_TRUE(streams[1]);
    ASSERT_FALSE(*streams[1]);
    EXPECT_EQ(streams[1]->error().code, domain::ErrorCode::upstream_error);
    EXPECT_EQ(stream_clients[1].text, "Hello, wor");
    EXPECT_EQ(cache.size(), 0u);
    EXPECT_EQ(budgets.open_reservations(), 0u);
}

TEST_F(CoalescingTest, CoalescingAloneSharesCallsButStoresNothing) {
    configure({.enabled = false, .coalesce = true, .mode = CachePolicy::Mode::always});
    gated_upstream({text_response("once", {})});
    start();
    start();
    io.poll();
    open_gate();
    io.run();
    EXPECT_EQ(upstream_calls, 1);
    EXPECT_EQ(statuses[0].outcome, CacheOutcome::none);
    EXPECT_EQ(statuses[1].outcome, CacheOutcome::coalesced);
    EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace llmgw::application
