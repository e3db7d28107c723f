#include <gtest/gtest.h>

#include "adapters/sse/sse_parser.hpp"

namespace llmgw::adapters {
namespace {

std::vector<SseEvent> parse_in_pieces(std::string_view text, std::size_t split) {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed(text.substr(0, split), events);
    parser.feed(text.substr(split), events);
    return events;
}

void expect_events(const std::vector<SseEvent>& events, const std::vector<std::pair<std::string, std::string>>& expected,
                   std::size_t split) {
    ASSERT_EQ(events.size(), expected.size()) << "split at " << split;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(events[i].event, expected[i].first) << "split at " << split;
        EXPECT_EQ(events[i].data, expected[i].second) << "split at " << split;
    }
}

TEST(SseParser, SurvivesASplitAtEveryByte) {
    // OpenAI style (\n\n), Anthropic style (named events), Gemini style (\r\n\r\n).
    const std::string stream =
        "data: {\"a\":1}\n\n"
        "event: content_block_delta\ndata: {\"b\":2}\n\n"
        ": keep-alive comment\n\n"
        "data: {\"c\":3}\r\n\r\n"
        "data: line one\ndata: line two\n\n"
        "data: [DONE]\n\n";
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"", "{\"a\":1}"}, {"content_block_delta", "{\"b\":2}"}, {"", "{\"c\":3}"},
        {"", "line one\nline two"}, {"", "[DONE]"}};
    for (std::size_t split = 0; split <= stream.size(); ++split) {
        expect_events(parse_in_pieces(stream, split), expected, split);
    }
}

TEST(SseParser, DeliversSeveralEventsFromOneRead) {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed("data: 1\n\ndata: 2\n\ndata: 3\n\n", events);
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[2].data, "3");
}

TEST(SseParser, AcceptsBareCarriageReturnLineEnds) {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed("event: ping\rdata: x\r\r", events);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].event, "ping");
    EXPECT_EQ(events[0].data, "x");
}

TEST(SseParser, HoldsAnIncompleteEventUntilItsBlankLine) {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed("data: {\"partial\":", events);
    EXPECT_TRUE(events.empty());
    EXPECT_GT(parser.pending_bytes(), 0u);
    parser.feed("true}\n", events);
    EXPECT_TRUE(events.empty());
    parser.feed("\n", events);
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].data, "{\"partial\":true}");
}

TEST(SseParser, DropsEventsWithoutDataAndKeepsValueSpacing) {
    SseParser parser;
    std::vector<SseEvent> events;
    parser.feed("event: lonely\n\ndata:no-space\n\ndata:  two spaces\n\n", events);
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].event, "");
    EXPECT_EQ(events[0].data, "no-space");
    EXPECT_EQ(events[1].data, " two spaces");
}

}  // namespace
}  // namespace llmgw::adapters
