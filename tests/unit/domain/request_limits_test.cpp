#include <gtest/gtest.h>

#include "domain/request_limits.hpp"

namespace llmgw::domain {
namespace {

ChatRequest chat_with(std::size_t messages) {
    ChatRequest request;
    request.model = "m";
    request.messages.resize(messages);
    return request;
}

TEST(RequestLimits, AdmitsARequestAtEveryLimit) {
    const RequestLimits limits{.max_messages = 2, .max_tools = 1, .max_stop_sequences = 1, .max_choices = 2,
                               .max_output_tokens = 100};
    auto request = chat_with(2);
    request.tools.resize(1);
    request.stop = {"x"};
    request.n = 2;
    request.max_tokens = MaxTokens{100, false};
    EXPECT_TRUE(check_limits(request, limits));
}

TEST(RequestLimits, NamesTheFieldOverItsLimit) {
    const RequestLimits limits{.max_messages = 2, .max_tools = 1, .max_stop_sequences = 1, .max_choices = 2,
                               .max_output_tokens = 100};
    auto param_of = [&](const ChatRequest& request) {
        auto checked = check_limits(request, limits);
        EXPECT_FALSE(checked);
        EXPECT_EQ(checked.error().code, ErrorCode::invalid_request);
        return checked ? std::string() : checked.error().param;
    };
    EXPECT_EQ(param_of(chat_with(3)), "messages");
    auto tools = chat_with(1);
    tools.tools.resize(2);
    EXPECT_EQ(param_of(tools), "tools");
    auto stop = chat_with(1);
    stop.stop = {"a", "b"};
    EXPECT_EQ(param_of(stop), "stop");
    auto choices = chat_with(1);
    choices.n = 3;
    EXPECT_EQ(param_of(choices), "n");
    auto tokens = chat_with(1);
    tokens.max_tokens = MaxTokens{101, true};
    EXPECT_EQ(param_of(tokens), "max_completion_tokens");
}

TEST(RequestLimits, WordsTheErrorAsOpenAIDoes) {
    auto checked = check_limits(chat_with(2049), RequestLimits{});
    ASSERT_FALSE(checked);
    EXPECT_EQ(checked.error().message,
              "Invalid 'messages': array too long. Expected an array with maximum length 2048, but got an array with "
              "length 2049 instead.");
}

TEST(RequestLimits, BoundEmbeddingsAndLegacyCompletions) {
    EmbeddingRequest embedding{.model = "e", .input_count = 2049};
    EXPECT_EQ(check_limits(embedding, RequestLimits{}).error().param, "input");
    embedding.input_count = 1;
    embedding.dimensions = 8193;
    EXPECT_EQ(check_limits(embedding, RequestLimits{}).error().param, "dimensions");
    embedding.dimensions = 8192;
    EXPECT_TRUE(check_limits(embedding, RequestLimits{}));

    TextCompletionRequest legacy{.model = "t", .max_tokens = 1'000'001};
    EXPECT_EQ(check_limits(legacy, RequestLimits{}).error().param, "max_tokens");
}

}  // namespace
}  // namespace llmgw::domain
