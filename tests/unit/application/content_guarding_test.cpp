#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "application/content_guarding.hpp"
#include "application/guarded_chunk_sink.hpp"
#include "mock_transport.hpp"
#include "run_awaitable.hpp"

namespace llmgw::application {
namespace {


std::vector<std::string> builtin_kinds() {
    std::vector<std::string> kinds;
    for (std::size_t i = 0; i < domain::builtin_entity_count; ++i) {
        kinds.emplace_back(domain::to_string(static_cast<domain::Entity>(i)));
    }
    return kinds;
}

domain::GuardrailPolicy policy(domain::PolicyScope scope, std::string owner, domain::GuardMode mode,
                               domain::GuardDirection direction = domain::GuardDirection::input) {
    return {.scope = scope, .owner = std::move(owner), .mode = mode, .direction = direction};
}

domain::EntitySet only(domain::Entity entity) {
    domain::EntitySet set;
    set.set(static_cast<std::size_t>(entity));
    return set;
}

domain::ChatRequest asking(std::string text) {
    domain::ChatRequest request;
    request.model = "gpt";
    request.messages.push_back({.content = {domain::ContentPart::make_text(std::move(text))}});
    return request;
}

class ContentGuardingTest : public ::testing::Test {
protected:
    domain::LedgerRow row;
    domain::RequestContext context{.caller = {.api_key_id = "ranker", .team = "search"}, .row = &row};

    ContentGuarding guarding(std::vector<domain::GuardrailPolicy> policies) {
        return ContentGuarding(std::move(policies), builtin_kinds());
    }
};

TEST_F(ContentGuardingTest, EveryTextThatLeavesIsRedactedTheSameValueUnderOnePlaceholder) {
    const auto guards = guarding({policy(domain::PolicyScope::global, {}, domain::GuardMode::redact)});
    auto screen = guards.screen(context, "gpt");
    auto request = asking("mail bob@example.com or ann@example.com");
    request.messages.push_back({.role = domain::Role::assistant,
                                .tool_calls = {{"call_1", "send", R"({"to":"bob@example.com","ip":"10.1.2.3"})"}}});
    ASSERT_TRUE(screen.screen_request(request));
    EXPECT_EQ(request.messages[0].content[0].text, "mail [EMAIL_1] or [EMAIL_2]");
    EXPECT_EQ(request.messages[1].tool_calls[0].arguments, R"({"to":"[EMAIL_1]","ip":"[IP_1]"})");
    ASSERT_EQ(row.pii_findings.size(), 2u);
    EXPECT_EQ(row.pii_findings[0].entity, "email");
    EXPECT_EQ(row.pii_findings[0].count, 3u);
    EXPECT_EQ(row.pii_findings[1].entity, "ip");
}

TEST_F(ContentGuardingTest, TheStrictestPolicyThatLooksForAKindDecidesAndBlockingNamesOnlyTheKind) {
    auto team = policy(domain::PolicyScope::team, "search", domain::GuardMode::block);
    team.entities = only(domain::Entity::credit_card);
    const auto guards = guarding({policy(domain::PolicyScope::global, {}, domain::GuardMode::log), team});
    auto screen = guards.screen(context, "gpt");
    auto logged = asking("mail bob@example.com");
    ASSERT_TRUE(screen.screen_request(logged));
    EXPECT_EQ(logged.messages[0].content[0].text, "mail bob@example.com") << "only counted";
    auto blocked = asking("card 4111 1111 1111 1111");
    const auto refused = screen.screen_request(blocked);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::content_policy_violation);
    EXPECT_NE(refused.error().message.find("credit_card"), std::string::npos);
    EXPECT_EQ(refused.error().message.find("4111"), std::string::npos);
    EXPECT_EQ(row.pii_findings.back().action, domain::GuardMode::block);

    // Another team's requests are not the search team's to block.
    domain::RequestContext other{.caller = {.team = "ads"}};
    auto screen_other = guards.screen(other, "gpt");
    auto passed = asking("card 4111 1111 1111 1111");
    EXPECT_TRUE(screen_other.screen_request(passed));
}

TEST_F(ContentGuardingTest, NoPolicyThatAppliesLooksAtNothing) {
    const auto guards = guarding({policy(domain::PolicyScope::key, "someone-else", domain::GuardMode::block)});
    auto screen = guards.screen(context, "gpt");
    EXPECT_FALSE(screen.looks_at_input());
    EXPECT_FALSE(screen.looks_at_output());
}

TEST_F(ContentGuardingTest, AnAnswerGetsTheCallersValuesBackAndItsOwnFindingsMasked) {
    auto key = policy(domain::PolicyScope::key, "ranker", domain::GuardMode::redact, domain::GuardDirection::both);
    key.restore = true;
    const auto guards = guarding({key});
    auto screen = guards.screen(context, "gpt");
    auto request = asking("write to bob@example.com");
    ASSERT_TRUE(screen.screen_request(request));
    EXPECT_EQ(request.messages[0].content[0].text, "write to [EMAIL_1]");

    domain::ChatResponse answer;
    answer.choices.push_back({.message = {.role = domain::Role::assistant,
                                          .content = {domain::ContentPart::make_text(
                                              "Dear [EMAIL_1], call 415-555-0100 or see [EMAIL_9].")}}});
    screen.screen_answer(answer);
    EXPECT_EQ(answer.choices[0].message.content[0].text, "Dear bob@example.com, call [PHONE_1] or see [EMAIL_9].");
}

TEST_F(ContentGuardingTest, AnAnswerWithAFindingThatBlocksLosesItsContent) {
    const auto guards = guarding({policy(domain::PolicyScope::model, "gpt", domain::GuardMode::block, domain::GuardDirection::output)});
    auto screen = guards.screen(context, "gpt");
    domain::ChatResponse answer;
    answer.choices.push_back({.message = {.role = domain::Role::assistant,
                                          .content = {domain::ContentPart::make_text("the key is AKIAIOSFODNN7EXAMPLE")}},
                              .finish_reason = domain::FinishReason::stop});
    screen.screen_answer(answer);
    EXPECT_TRUE(answer.choices[0].message.content.empty());
    EXPECT_EQ(answer.choices[0].finish_reason, domain::FinishReason::content_filter);
}

// What a guarded stream told its client, joined, for choice 0.
std::string joined_content(const testing::RecordingSink& client) {
    std::string content;
    for (const auto& chunk : client.chunks) content += chunk.content.value_or("");
    return content;
}

TEST_F(ContentGuardingTest, AStreamedAddressIsCaughtWhereverTheChunksSplitIt) {
    const auto guards = guarding({policy(domain::PolicyScope::global, {}, domain::GuardMode::redact, domain::GuardDirection::output)});
    const std::string answer = "Contact jane.doe@example.com or 4111 1111 1111 1111 now, thanks a lot for asking me.";
    for (std::size_t first = 1; first < answer.size(); ++first) {
        for (std::size_t second = first + 1; second < answer.size(); second += 7) {
            auto screen = guards.screen(context, "gpt");
            testing::RecordingSink client;
            GuardedChunkSink guarded(client, screen);
            testing::run_awaitable([&]() -> boost::asio::awaitable<void> {
                const std::vector<std::string> pieces{answer.substr(0, first), answer.substr(first, second - first),
                                                      answer.substr(second)};
                for (const auto& piece : pieces) {
                    const auto chunk = testing::content_chunk(piece);
                    EXPECT_TRUE(co_await guarded.on_chunk(chunk));
                }
                domain::StreamChunk finish;
                finish.finish_reason = domain::FinishReason::stop;
                EXPECT_TRUE(co_await guarded.on_chunk(finish));
            }());
            ASSERT_EQ(joined_content(client), "Contact [EMAIL_1] or [CREDIT_CARD_1] now, thanks a lot for asking me.")
                << "split at " << first << " and " << second;
            ASSERT_TRUE(client.chunks.back().finish_reason);
            for (const auto& chunk : client.chunks) {
                ASSERT_EQ(chunk.content.value_or("").find("jane"), std::string::npos);
                ASSERT_EQ(chunk.content.value_or("").find("1111"), std::string::npos);
            }
        }
    }
}

TEST_F(ContentGuardingTest, StreamedToolCallArgumentsAreHeldAndRedactedPerCall) {
    const auto guards = guarding({policy(domain::PolicyScope::global, {}, domain::GuardMode::redact, domain::GuardDirection::output)});
    auto screen = guards.screen(context, "gpt");
    testing::RecordingSink client;
    GuardedChunkSink guarded(client, screen);
    auto piece = [](int index, std::string id, std::string name, std::string arguments) {
        domain::StreamChunk chunk;
        chunk.tool_calls.push_back({index, std::move(id), std::move(name), std::move(arguments)});
        return chunk;
    };
    const std::vector<domain::StreamChunk> chunks{piece(0, "call_1", "send_mail", ""), piece(0, "", "", R"({"to":"bo)"),
                                                  piece(1, "call_2", "lookup", R"({"ip":"10.0.)"),
                                                  piece(0, "", "", R"(b@example.com"})"), piece(1, "", "", R"(0.7"})")};
    testing::run_awaitable([&]() -> boost::asio::awaitable<void> {
        for (const auto& chunk : chunks) EXPECT_TRUE(co_await guarded.on_chunk(chunk));
        domain::StreamChunk finish;
        finish.finish_reason = domain::FinishReason::tool_calls;
        EXPECT_TRUE(co_await guarded.on_chunk(finish));
    }());
    std::map<int, std::string> arguments;
    std::vector<std::string> ids;
    for (const auto& chunk : client.chunks) {
        for (const auto& delta : chunk.tool_calls) {
            arguments[delta.index] += delta.arguments;
            if (!delta.id.empty()) ids.push_back(delta.id);
        }
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"call_1", "call_2"})) << "ids and names go on at once";
    EXPECT_EQ(arguments[0], R"({"to":"[EMAIL_1]"})");
    EXPECT_EQ(arguments[1], R"({"ip":"[IP_1]"})");
    EXPECT_EQ(client.chunks.back().finish_reason, domain::FinishReason::tool_calls);
}

TEST_F(ContentGuardingTest, AStreamSendsWhatIsSafeBeforeItEnds) {
    const auto guards = guarding({policy(domain::PolicyScope::global, {}, domain::GuardMode::redact, domain::GuardDirection::output)});
    auto screen = guards.screen(context, "gpt");
    testing::RecordingSink client;
    GuardedChunkSink guarded(client, screen);
    testing::run_awaitable([&]() -> boost::asio::awaitable<void> {
        const auto chunk = testing::content_chunk("word number ten ");
        for (int i = 0; i < 20; ++i) EXPECT_TRUE(co_await guarded.on_chunk(chunk));
        EXPECT_TRUE(co_await guarded.flush());
    }());
    ASSERT_GT(client.chunks.size(), 5u) << "held back by a window, not to the end";
    EXPECT_EQ(joined_content(client).size(), 20u * 16u);
}

TEST_F(ContentGuardingTest, AStreamedFindingThatBlocksEndsItsChoiceWithContentFilter) {
    const auto guards = guarding({policy(domain::PolicyScope::global, {}, domain::GuardMode::block, domain::GuardDirection::output)});
    auto screen = guards.screen(context, "gpt");
    testing::RecordingSink client;
    GuardedChunkSink guarded(client, screen);
    testing::run_awaitable([&]() -> boost::asio::awaitable<void> {
        for (auto piece : {"Sure, the key is sk-proj-abcdefghij", "klmnopqrstuvwxyz0123 and more ", "text after it"}) {
            const auto chunk = testing::content_chunk(piece);
            EXPECT_TRUE(co_await guarded.on_chunk(chunk));
        }
        domain::StreamChunk finish;
        finish.finish_reason = domain::FinishReason::stop;
        EXPECT_TRUE(co_await guarded.on_chunk(finish));
    }());
    EXPECT_EQ(joined_content(client), "Sure, the key is ");
    ASSERT_FALSE(client.chunks.empty());
    EXPECT_EQ(client.chunks.back().finish_reason, domain::FinishReason::content_filter);
    EXPECT_EQ(row.pii_findings.back().action, domain::GuardMode::block);
}

TEST_F(ContentGuardingTest, AStreamedPlaceholderSplitOverChunksIsRestored) {
    auto key = policy(domain::PolicyScope::key, "ranker", domain::GuardMode::redact);
    key.restore = true;
    const auto guards = guarding({key});
    auto screen = guards.screen(context, "gpt");
    auto request = asking("greet ann@example.com");
    ASSERT_TRUE(screen.screen_request(request));
    testing::RecordingSink client;
    GuardedChunkSink guarded(client, screen);
    testing::run_awaitable([&]() -> boost::asio::awaitable<void> {
        for (auto piece : {"Hello [EMA", "IL_1], nice to meet you."}) {
            const auto chunk = testing::content_chunk(piece);
            EXPECT_TRUE(co_await guarded.on_chunk(chunk));
        }
        EXPECT_TRUE(co_await guarded.flush());
    }());
    EXPECT_EQ(joined_content(client), "Hello ann@example.com, nice to meet you.");
}

TEST(Redactor, NumbersPlaceholdersPerKindAndRestoresOnlyTheCallersValues) {
    const std::vector<std::string> tags{"EMAIL", "PHONE"};
    domain::Redactor redactor(tags);
    std::string text = "a@x.io b@x.io a@x.io";
    redactor.redact(text, std::vector<domain::Finding>{{0, 6, 0}, {7, 13, 0}, {14, 20, 0}}, true);
    EXPECT_EQ(text, "[EMAIL_1] [EMAIL_2] [EMAIL_1]");
    std::string answer = "c@x.io";
    redactor.redact(answer, std::vector<domain::Finding>{{0, 6, 0}}, false);
    EXPECT_EQ(answer, "[EMAIL_3]");
    std::string back = "[EMAIL_2], [EMAIL_3], [PHONE_1], [EMAIL_1";
    redactor.restore(back);
    EXPECT_EQ(back, "b@x.io, [EMAIL_3], [PHONE_1], [EMAIL_1");
}

TEST(HoldBack, ReleasesAllButTheWindowWithoutSplittingAWordOrAFinding) {
    const domain::HoldBack hold_back{.window = 8, .most = 64};
    EXPECT_EQ(domain::releasable("short", {}, hold_back), 0u);
    EXPECT_EQ(domain::releasable("one two three four", {}, hold_back), 8u) << "up to 'three'";
    // A finding with spaces in it is held whole.
    const std::vector<domain::Finding> card{{4, 23, 2}};
    EXPECT_EQ(domain::releasable("pay 4111 1111 1111 1111 now", card, hold_back), 4u);
    // Past `most`, a word without end goes out but for the window.
    EXPECT_EQ(domain::releasable(std::string(100, 'x'), {}, hold_back), 92u);
}

}  // namespace
}  // namespace llmgw::application
