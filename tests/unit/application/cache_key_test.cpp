#include <gtest/gtest.h>

#include "chat_builders.hpp"
#include "domain/cache_key.hpp"

namespace llmgw::domain {
namespace {

using testing::chat_request;

TEST(CacheKey, IsTheSameForTheSameRequest) {
    EXPECT_EQ(cache_key(chat_request("m", "hi"), {}), cache_key(chat_request("m", "hi"), {}));
}

TEST(CacheKey, IgnoresHowTheAnswerIsDelivered) {
    auto streamed = chat_request("m", "hi");
    streamed.stream = true;
    streamed.include_usage = true;
    EXPECT_EQ(cache_key(streamed, {}), cache_key(chat_request("m", "hi"), {}));
}

TEST(CacheKey, ChangesWithEverythingThatChangesTheAnswer) {
    const auto base = cache_key(chat_request("m", "hi"), {});
    EXPECT_NE(cache_key(chat_request("other", "hi"), {}), base);
    EXPECT_NE(cache_key(chat_request("m", "hi!"), {}), base);

    auto warmer = chat_request("m", "hi");
    warmer.temperature = 0.7;
    EXPECT_NE(cache_key(warmer, {}), base);

    auto with_tool = chat_request("m", "hi");
    with_tool.tools.push_back({"lookup", "", "{}", std::nullopt});
    EXPECT_NE(cache_key(with_tool, {}), base);

    auto seeded = chat_request("m", "hi");
    seeded.extra.emplace_back("seed", "42");
    EXPECT_NE(cache_key(seeded, {}), base);

    auto reasoned = chat_request("m", "hi");
    reasoned.messages.front().reasoning.push_back({"I think so.", "sig", ""});
    EXPECT_NE(cache_key(reasoned, {}), base);
    auto resigned = reasoned;
    resigned.messages.front().reasoning.front().signature = "other";
    EXPECT_NE(cache_key(resigned, {}), cache_key(reasoned, {}));
}

TEST(CacheKey, IsScopedToTheTeam) {
    EXPECT_NE(cache_key(chat_request("m", "hi"), Attribution{.team = "a"}),
              cache_key(chat_request("m", "hi"), Attribution{.team = "b"}));
}

TEST(CacheKey, DoesNotDependOnTheOrderOfPassThroughFields) {
    auto first = chat_request("m", "hi");
    first.extra = {{"seed", "1"}, {"user", "\"u\""}};
    auto second = chat_request("m", "hi");
    second.extra = {{"user", "\"u\""}, {"seed", "1"}};
    EXPECT_EQ(cache_key(first, {}), cache_key(second, {}));
}

TEST(CacheKey, CannotBeForgedByMovingTextBetweenFields) {
    // Without length prefixes "ab"+"c" and "a"+"bc" would collide.
    auto first = chat_request("m", "ab");
    first.messages.push_back(testing::user_message("c"));
    auto second = chat_request("m", "a");
    second.messages.push_back(testing::user_message("bc"));
    EXPECT_NE(cache_key(first, {}), cache_key(second, {}));
}

}  // namespace
}  // namespace llmgw::domain
