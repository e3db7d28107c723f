#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "adapters/sse/sse_parser.hpp"
#include "domain/stream_chunk.hpp"

namespace llmgw::testing {

// Feeds SSE `pieces` through the parser and every event through `translate`
// (a provider's stream translator), collecting the chunks it produces.
// A translation error fails the test.
template <class Translate>
std::vector<domain::StreamChunk> translate_events(const std::vector<std::string>& pieces, Translate translate) {
    adapters::SseParser parser;
    std::vector<adapters::SseEvent> events;
    for (const auto& piece : pieces) parser.feed(piece, events);
    std::vector<domain::StreamChunk> chunks;
    for (const auto& event : events) {
        auto produced = translate(event);
        EXPECT_TRUE(produced);
        if (produced) chunks.insert(chunks.end(), produced.value().begin(), produced.value().end());
    }
    return chunks;
}

}  // namespace llmgw::testing
