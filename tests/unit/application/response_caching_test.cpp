// The response cache's policy through the use cases: what is cacheable, in
// whose scope, what the caller's controls change, what a request is told,
// and how streams are replayed from and stored into the cache.

#include "domain/api_key.hpp"
#include "domain/stream_replay.hpp"
#include "response_caching_fixture.hpp"

namespace llmgw::application::caching_tests {
namespace {

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

}  // namespace
}  // namespace llmgw::application::caching_tests
