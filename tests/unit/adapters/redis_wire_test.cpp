// Redis without a server: RESP commands and replies, the URL, and the
// binary form of cache entries.

#include <gtest/gtest.h>

#include "adapters/outbound/redis/cache_entry_codec.hpp"
#include "adapters/outbound/redis/redis_client.hpp"
#include "adapters/outbound/redis/resp.hpp"
#include "chat_builders.hpp"

namespace llmgw::adapters::redis {
namespace {

TEST(Resp, CommandsAreArraysOfBulkStringsThatCarryAnyBytes) {
    std::string out;
    append_command(out, {"SET", "k", std::string_view("a\r\nb\0c", 6)});
    EXPECT_EQ(out, std::string("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$6\r\na\r\nb\0c\r\n", 32));
}

TEST(Resp, RepliesAreReadWholeWhateverPiecesTheyArriveIn) {
    const std::string stream = "+OK\r\n-ERR wrong\r\n:42\r\n$5\r\nhe\r\no\r\n$-1\r\n*2\r\n$1\r\na\r\n:-7\r\n*-1\r\n";
    ReplyReader reader;
    std::vector<Reply> replies;
    for (const char byte : stream) {
        reader.feed(std::string_view(&byte, 1));
        while (auto reply = reader.next()) replies.push_back(std::move(*reply));
    }
    ASSERT_FALSE(reader.broken());
    ASSERT_EQ(replies.size(), 7u);
    EXPECT_EQ(replies[0].kind, Reply::Kind::simple);
    EXPECT_EQ(replies[0].text, "OK");
    EXPECT_EQ(replies[1].kind, Reply::Kind::error);
    EXPECT_EQ(replies[1].text, "ERR wrong");
    EXPECT_EQ(replies[2].integer, 42);
    EXPECT_EQ(replies[3].kind, Reply::Kind::bulk);
    EXPECT_EQ(replies[3].text, "he\r\no");
    EXPECT_EQ(replies[4].kind, Reply::Kind::null);
    ASSERT_EQ(replies[5].elements.size(), 2u);
    EXPECT_EQ(replies[5].elements[1].integer, -7);
    EXPECT_EQ(replies[6].kind, Reply::Kind::null);
    EXPECT_EQ(reader.buffered(), 0u);
}

TEST(Resp, WhatIsNotRespOrTooLargeBreaksTheStream) {
    for (const std::string bad : {"?what\r\n", ":12x\r\n", "$5\r\nabcdefg\r\n", "$-2\r\n", "$999999999999\r\n",
                                  "*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n"}) {
        ReplyReader reader(1 << 20);
        reader.feed(bad);
        while (reader.next()) {
        }
        EXPECT_TRUE(reader.broken()) << bad;
    }
    ReplyReader endless;
    endless.feed(std::string(70 * 1024, 'x'));
    endless.feed("+");
    EXPECT_FALSE(endless.next());
}

TEST(RedisUrl, NamesHostPortCredentialsAndDatabase) {
    const auto full = parse_redis_url("redis://cache-user:s3cr%t@redis.internal:6380/2");
    ASSERT_TRUE(full);
    EXPECT_EQ(full.value().host, "redis.internal");
    EXPECT_EQ(full.value().port, "6380");
    EXPECT_EQ(full.value().username, "cache-user");
    EXPECT_EQ(full.value().password, "s3cr%t");
    EXPECT_EQ(full.value().db, 2);
    const auto password_only = parse_redis_url("redis://:pw@127.0.0.1");
    ASSERT_TRUE(password_only);
    EXPECT_EQ(password_only.value().username, "");
    EXPECT_EQ(password_only.value().password, "pw");
    EXPECT_EQ(password_only.value().port, "6379");
    EXPECT_EQ(password_only.value().db, 0);
}

TEST(RedisUrl, AWrongOneNeverRepeatsThePassword) {
    for (const std::string bad : {"http://:hunter2@host", "redis://:hunter2@", "redis://:hunter2@host/db9x",
                                  "rediss://:hunter2@host"}) {
        const auto parsed = parse_redis_url(bad);
        ASSERT_FALSE(parsed) << bad;
        EXPECT_EQ(parsed.error().message.find("hunter2"), std::string::npos) << parsed.error().message;
    }
}

domain::CacheEntry chat_entry() {
    auto answer = testing::text_response("Hello ünïcode", {.prompt_tokens = 12, .completion_tokens = 3,
                                                                        .cached_prompt_tokens = 4, .reasoning_tokens = 1});
    answer.id = "chatcmpl-1";
    answer.created = 1'741'570'283;
    answer.model = "gpt";
    answer.extra = {{"system_fingerprint", "\"fp_1\""}};
    auto& choice = answer.choices[0];
    choice.finish_reason = domain::FinishReason::tool_calls;
    choice.extra = {{"logprobs", "null"}};
    choice.message.tool_calls = {{"call_1", "lookup", R"({"q":"x"})"}};
    choice.message.reasoning = {{"Think.", "sig", ""}, {"", "", "opaque"}};
    choice.message.extra = {{"refusal", "null"}};
    choice.message.content.push_back({.kind = domain::ContentPart::Kind::image_url, .image_url = "https://x/y.png",
                                      .image_detail = "low"});
    domain::Choice second;
    second.index = 1;
    second.message.role = domain::Role::assistant;
    second.message.content_is_null = true;
    answer.choices.push_back(second);
    return domain::CacheEntry{answer, std::chrono::system_clock::time_point(std::chrono::milliseconds(1'764'600'000'123))};
}

TEST(CacheEntryCodec, AChatAnswerComesBackAsItWent) {
    const auto entry = chat_entry();
    const auto decoded = decode_entry(encode_entry(entry));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(decoded->stored_at, entry.stored_at);
    const auto& in = std::get<domain::ChatResponse>(entry.answer);
    const auto& out = std::get<domain::ChatResponse>(decoded->answer);
    EXPECT_EQ(out.id, in.id);
    EXPECT_EQ(out.created, in.created);
    EXPECT_EQ(out.model, in.model);
    EXPECT_EQ(out.usage, in.usage);
    EXPECT_EQ(out.extra, in.extra);
    ASSERT_EQ(out.choices.size(), 2u);
    const auto& first = out.choices[0];
    EXPECT_EQ(first.finish_reason, domain::FinishReason::tool_calls);
    EXPECT_EQ(first.extra, in.choices[0].extra);
    EXPECT_EQ(first.message.text(), in.choices[0].message.text());
    ASSERT_EQ(first.message.content.size(), 2u);
    EXPECT_EQ(first.message.content[1].image_url, "https://x/y.png");
    EXPECT_EQ(first.message.content[1].image_detail, "low");
    EXPECT_EQ(first.message.tool_calls[0].arguments, R"({"q":"x"})");
    EXPECT_EQ(first.message.reasoning[0].signature, "sig");
    EXPECT_EQ(first.message.reasoning[1].redacted, "opaque");
    EXPECT_EQ(first.message.extra, in.choices[0].message.extra);
    EXPECT_EQ(out.choices[1].index, 1);
    EXPECT_FALSE(out.choices[1].finish_reason);
    EXPECT_TRUE(out.choices[1].message.content_is_null);
}

TEST(CacheEntryCodec, EmbeddingsComeBackBitForBit) {
    const domain::CacheEntry entry{
        domain::EmbeddingResponse{.embeddings = {{0.1f, -2.5e-8f, 3.0f}, {}, {1e30f}}, .model = "e",
                                  .usage = {.prompt_tokens = 9}, .usage_reported = false},
        {}};
    const auto decoded = decode_entry(encode_entry(entry));
    ASSERT_TRUE(decoded);
    const auto& out = std::get<domain::EmbeddingResponse>(decoded->answer);
    EXPECT_EQ(out.embeddings, std::get<domain::EmbeddingResponse>(entry.answer).embeddings);
    EXPECT_EQ(out.model, "e");
    EXPECT_EQ(out.usage.prompt_tokens, 9);
    EXPECT_FALSE(out.usage_reported);
}

TEST(CacheEntryCodec, AnythingButAWholeEntryOfThisVersionIsNone) {
    const auto bytes = encode_entry(chat_entry());
    for (std::size_t length = 0; length < bytes.size(); ++length) {
        EXPECT_FALSE(decode_entry(std::string_view(bytes).substr(0, length))) << length;
    }
    EXPECT_FALSE(decode_entry(bytes + "x")) << "bytes past the end";
    auto other_version = bytes;
    other_version[3] = 2;  // the version before reasoning blocks had ids
    EXPECT_FALSE(decode_entry(other_version));
    EXPECT_FALSE(decode_entry("LGC\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"));
    EXPECT_FALSE(decode_entry("not an entry"));
    // A stored time past what the clock holds (a fuzzer's find).
    EXPECT_FALSE(decode_entry(std::string_view("LGC\x03\x9c\xff\xff\xff\xff\xff\xff\xff\xff", 13)));
}

}  // namespace
}  // namespace llmgw::adapters::redis
