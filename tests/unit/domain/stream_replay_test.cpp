#include <gtest/gtest.h>

#include "chat_builders.hpp"
#include "domain/stream_replay.hpp"

namespace llmgw::domain {
namespace {

std::string joined(const std::vector<std::string_view>& pieces) {
    std::string out;
    for (const auto piece : pieces) out += piece;
    return out;
}

TEST(StreamPieces, CutTextIntoAFewWordsEachAndKeepItExactly) {
    const std::string text = "The quick brown fox jumps over the lazy dog and keeps on running far away.";
    const auto pieces = stream_pieces(text);
    EXPECT_EQ(joined(pieces), text);
    ASSERT_GT(pieces.size(), 3u);
    for (const auto piece : pieces) EXPECT_LE(piece.size(), 32u);
    EXPECT_EQ(pieces[0], "The quick brown ");
}

TEST(StreamPieces, NeverCutACharacterInTwo) {
    const std::string text = "ééééééééééééééééééééééééééééééééééééé😀😀😀😀😀😀😀😀😀日本語のテキストです";
    const auto pieces = stream_pieces(text);
    EXPECT_EQ(joined(pieces), text);
    for (const auto piece : pieces) {
        ASSERT_FALSE(piece.empty());
        EXPECT_NE(static_cast<unsigned char>(piece.front()) & 0xC0, 0x80) << "starts inside a character";
        EXPECT_LE(piece.size(), 32u);
    }
    EXPECT_TRUE(stream_pieces("").empty());
}

TEST(ReplayChunks, TellAnAnswerAsAStreamWould) {
    auto answer = testing::text_response("Hello there, general.", {});
    auto& message = answer.choices[0].message;
    message.reasoning = {{"Let me think.", "sig-1", ""}, {"", "", "encrypted"}};
    message.tool_calls = {{"call_1", "lookup", R"({"q":"x"})"}};
    answer.choices[0].finish_reason = FinishReason::tool_calls;

    const auto chunks = replay_chunks(answer);
    ASSERT_GE(chunks.size(), 6u);
    EXPECT_EQ(chunks.front().role, Role::assistant);
    EXPECT_EQ(chunks.back().finish_reason, FinishReason::tool_calls);

    StreamAssembler assembler;
    for (const auto& chunk : chunks) assembler.add(chunk);
    const auto rebuilt = assembler.take({.id = "x", .model = "m"});
    ASSERT_EQ(rebuilt.choices.size(), 1u);
    const auto& again = rebuilt.choices[0].message;
    EXPECT_EQ(again.text(), "Hello there, general.");
    ASSERT_EQ(again.reasoning.size(), 2u);
    EXPECT_EQ(again.reasoning[0].text, "Let me think.");
    EXPECT_EQ(again.reasoning[0].signature, "sig-1");
    EXPECT_EQ(again.reasoning[1].redacted, "encrypted");
    ASSERT_EQ(again.tool_calls.size(), 1u);
    EXPECT_EQ(again.tool_calls[0].id, "call_1");
    EXPECT_EQ(again.tool_calls[0].arguments, R"({"q":"x"})");
    EXPECT_EQ(rebuilt.id, "x");
}

TEST(StreamAssembler, AToolOnlyAnswerHasNoContentAndAStreamedRefusalIsMarked) {
    StreamAssembler assembler;
    StreamChunk call;
    call.tool_calls.push_back({0, "c", "f", "{\"a\":"});
    assembler.add(call);
    StreamChunk more;
    more.tool_calls.push_back({0, "", "", "1}"});
    assembler.add(more);
    EXPECT_FALSE(assembler.refused());
    const auto answer = assembler.take({});
    EXPECT_TRUE(answer.choices[0].message.content_is_null);
    EXPECT_EQ(answer.choices[0].message.tool_calls[0].arguments, "{\"a\":1}");

    StreamChunk refusal;
    refusal.refusal = "No.";
    assembler.add(refusal);
    EXPECT_TRUE(assembler.refused());
}

TEST(StreamAssembler, AProvidersOwnBlocksKeepTheirPlaceBetweenTheTextAcrossAReplay) {
    ChatResponse answer;
    Choice choice;
    choice.message.role = Role::assistant;
    choice.message.content = {ContentPart::make_text("Let me search."),
                              ContentPart{.kind = ContentPart::Kind::opaque, .raw = R"({"type":"server_tool_use"})"},
                              ContentPart{.kind = ContentPart::Kind::opaque, .raw = R"({"type":"web_search_tool_result"})"},
                              ContentPart::make_text("It is 12C.")};
    choice.finish_reason = FinishReason::stop;
    answer.choices.push_back(choice);
    StreamAssembler assembler;
    for (const auto& chunk : replay_chunks(answer)) assembler.add(chunk);
    const auto again = assembler.take({});
    const auto& parts = again.choices.at(0).message.content;
    ASSERT_EQ(parts.size(), 4u);
    EXPECT_EQ(parts[0].text, "Let me search.");
    EXPECT_EQ(parts[1].raw, R"({"type":"server_tool_use"})");
    EXPECT_EQ(parts[2].kind, ContentPart::Kind::opaque);
    EXPECT_EQ(parts[3].text, "It is 12C.");
    EXPECT_EQ(again.choices[0].message.text(), "Let me search.It is 12C.");
}

TEST(Replayable, IsFalseForWhatAStreamCannotCarry) {
    auto answer = testing::text_response("hi", {});
    answer.choices[0].message.extra = {{"refusal", "null"}, {"annotations", "[]"}};
    answer.choices[0].extra = {{"logprobs", "null"}};
    EXPECT_TRUE(replayable(answer));
    auto with_logprobs = answer;
    with_logprobs.choices[0].extra.emplace_back("logprobs", R"({"content":[]})");
    EXPECT_FALSE(replayable(with_logprobs));
    auto with_audio = answer;
    with_audio.choices[0].message.extra.emplace_back("audio", R"({"id":"a"})");
    EXPECT_FALSE(replayable(with_audio));
}

}  // namespace
}  // namespace llmgw::domain
