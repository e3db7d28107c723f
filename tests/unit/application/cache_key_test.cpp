#include <gtest/gtest.h>

#include "application/cache_key.hpp"
#include "chat_builders.hpp"

namespace llmgw::application {
namespace {

using testing::chat_request;

constexpr std::string_view team = "team:search";

domain::CacheKey key_of(const domain::ChatRequest& request) { return cache_key(request, team); }

TEST(CacheKey, IsTheSameForTheSameRequest) {
    EXPECT_EQ(key_of(chat_request("m", "hi")), key_of(chat_request("m", "hi")));
}

TEST(CacheKey, IgnoresHowTheAnswerIsDeliveredAndWhoTheEndUserIs) {
    auto streamed = chat_request("m", "hi");
    streamed.stream = true;
    streamed.include_usage = true;
    streamed.extra.emplace_back("user", "\"alice\"");
    EXPECT_EQ(key_of(streamed), key_of(chat_request("m", "hi")));
}

TEST(CacheKey, ChangesWithEverythingThatChangesTheAnswer) {
    const auto base = key_of(chat_request("m", "hi"));
    const auto differs = [&](auto change, const char* what) {
        auto request = chat_request("m", "hi");
        change(request);
        EXPECT_NE(key_of(request), base) << what;
    };
    differs([](auto& r) { r.model = "other"; }, "model");
    differs([](auto& r) { r.messages.front().content.front().text = "hi!"; }, "text");
    differs([](auto& r) { r.messages.front().role = domain::Role::system; }, "role");
    differs([](auto& r) { r.messages.front().name = "bob"; }, "name");
    differs([](auto& r) { r.messages.push_back(testing::user_message("more")); }, "another message");
    differs([](auto& r) { r.messages.front().content.push_back({.kind = domain::ContentPart::Kind::image_url,
                                                                 .image_url = "https://x/y.png"}); },
            "an image part");
    differs([](auto& r) { r.temperature = 0.7; }, "temperature");
    differs([](auto& r) { r.top_p = 0.5; }, "top_p");
    differs([](auto& r) { r.max_tokens = domain::MaxTokens{10}; }, "max_tokens");
    differs([](auto& r) { r.n = 2; }, "n");
    differs([](auto& r) { r.stop = {"END"}; }, "stop");
    differs([](auto& r) { r.tools.push_back({"lookup", "", "{}", std::nullopt}); }, "tools");
    differs([](auto& r) { r.tool_choice = domain::ToolChoice{domain::ToolChoice::Mode::required, {}}; },
            "tool_choice");
    differs([](auto& r) { r.extra.emplace_back("seed", "42"); }, "seed");
    differs([](auto& r) { r.extra.emplace_back("response_format", R"({"type":"json_object"})"); },
            "response_format");
    differs([](auto& r) { r.messages.front().reasoning.push_back({"I think so.", "sig", ""}); }, "reasoning");
    differs([](auto& r) { r.messages.front().tool_calls.push_back({"call_1", "f", "{}"}); }, "tool calls");
}

TEST(CacheKey, IsScopedToItsTenants) {
    EXPECT_NE(cache_key(chat_request("m", "hi"), "team:a"), cache_key(chat_request("m", "hi"), "team:b"));
    EXPECT_NE(cache_key(chat_request("m", "hi"), "key:a"), cache_key(chat_request("m", "hi"), "team:a"));
}

TEST(CacheKey, ReadsJsonByItsValueNotItsSpelling) {
    auto first = chat_request("m", "hi");
    first.extra = {{"seed", "1"}, {"response_format", R"({"type":"json_schema","json_schema":{"name":"a","strict":true}})"}};
    first.tools.push_back({"f", "", R"({"type":"object","properties":{"x":{"type":"number","minimum":1}}})", {}});
    auto second = chat_request("m", "hi");
    second.extra = {{"response_format", R"({ "json_schema" : { "strict" : true, "name" : "a" }, "type" : "json_schema" })"},
                    {"seed", "1.0"}};
    second.tools.push_back({"f", "", R"({"properties":{"x":{"minimum":1e0,"type":"number"}},"type":"object"})", {}});
    EXPECT_EQ(key_of(first), key_of(second));

    auto other = second;
    other.extra.back().second = "1.5";
    EXPECT_NE(key_of(other), key_of(first));
    auto reordered_array = first;
    reordered_array.extra.emplace_back("stop_words", R"(["a","b"])");
    auto array = first;
    array.extra.emplace_back("stop_words", R"(["b","a"])");
    EXPECT_NE(key_of(array), key_of(reordered_array)) << "arrays are ordered";
}

TEST(CacheKey, CannotBeForgedByMovingTextBetweenFields) {
    // Without length prefixes "ab"+"c" and "a"+"bc" would collide.
    auto first = chat_request("m", "ab");
    first.messages.push_back(testing::user_message("c"));
    auto second = chat_request("m", "a");
    second.messages.push_back(testing::user_message("bc"));
    EXPECT_NE(key_of(first), key_of(second));
    // Nor by a string that spells a number.
    auto number = chat_request("m", "hi");
    number.extra = {{"x", "1"}};
    auto text = chat_request("m", "hi");
    text.extra = {{"x", "\"1\""}};
    EXPECT_NE(key_of(number), key_of(text));
}

TEST(CacheKey, ForEmbeddingsCountsTheInputsTheModelAndTheDimensions) {
    domain::EmbeddingRequest request{.model = "e", .texts = {"a", "b"}, .input_count = 2};
    const auto base = cache_key(request, team);
    EXPECT_EQ(cache_key(request, team), base);
    auto other = request;
    other.texts = {"b", "a"};
    EXPECT_NE(cache_key(other, team), base);
    other = request;
    other.dimensions = 256;
    EXPECT_NE(cache_key(other, team), base);
    other = request;
    other.model = "f";
    EXPECT_NE(cache_key(other, team), base);
    EXPECT_NE(cache_key(request, "team:ads"), base);
    EXPECT_NE(cache_key(request, team), key_of(chat_request("e", "a")));
}

}  // namespace
}  // namespace llmgw::application
