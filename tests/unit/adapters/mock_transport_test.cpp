#include <gtest/gtest.h>

#include "adapters/outbound/mock/mock_transport.hpp"
#include "chat_builders.hpp"
#include "mock_transport.hpp"
#include "run_awaitable.hpp"

namespace llmgw::adapters {
namespace {
using namespace llmgw::testing;

TEST(MockTransport, EchoesTheLastUserMessageAndCountsWords) {
    MockTransport mock;
    auto request = chat_request("mock-echo", "first question");
    request.messages.push_back(user_message("hello   big world"));
    auto answer = run_awaitable(mock.complete(request, domain::Attempt{"mock-echo"}));
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer.value().choices[0].message.text(), "hello   big world");
    EXPECT_EQ(answer.value().choices[0].finish_reason, domain::FinishReason::stop);
    EXPECT_EQ(answer.value().usage, (domain::Usage{5, 3, 0, 0}));
}

TEST(MockTransport, StreamsWordByWordSoThatTheChunksJoinIntoTheAnswer) {
    MockTransport mock;
    RecordingSink sink;
    auto summary = run_awaitable(mock.stream(chat_request("mock-echo", " hello  world "), domain::Attempt{"mock-echo"}, sink));
    ASSERT_TRUE(summary);
    ASSERT_EQ(sink.chunks.size(), 4u);
    EXPECT_EQ(sink.chunks[0].role, domain::Role::assistant);
    EXPECT_EQ(*sink.chunks[1].content, " hello");
    EXPECT_EQ(*sink.chunks[2].content, "  world ");
    EXPECT_EQ(sink.chunks[3].finish_reason, domain::FinishReason::stop);
    EXPECT_TRUE(summary.value().usage_reported);
    EXPECT_EQ(summary.value().usage.completion_tokens, 2);
}

}  // namespace
}  // namespace llmgw::adapters
