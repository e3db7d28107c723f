#pragma once

#include <gmock/gmock.h>

#include <vector>

#include "domain/ports/llm_transport.hpp"

namespace llmgw::testing {

class MockLlmTransport : public domain::LlmTransport {
public:
    MOCK_METHOD(boost::asio::awaitable<domain::Result<domain::ChatResponse>>, complete,
                (const domain::ChatRequest&, const domain::Attempt&), (override));
    MOCK_METHOD(boost::asio::awaitable<domain::Result<domain::StreamSummary>>, stream,
                (const domain::ChatRequest&, const domain::Attempt&, domain::ChunkSink&), (override));
    MOCK_METHOD(boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>>, embed,
                (const domain::EmbeddingRequest&, const domain::Attempt&), (override));
    MOCK_METHOD(boost::asio::awaitable<domain::Result<domain::TextCompletionResponse>>, complete_text,
                (const domain::TextCompletionRequest&, const domain::Attempt&), (override));
    MOCK_METHOD(boost::asio::awaitable<domain::Result<domain::StreamSummary>>, stream_text,
                (const domain::TextCompletionRequest&, const domain::Attempt&, domain::ChunkSink&), (override));
    MOCK_METHOD(boost::asio::awaitable<domain::Result<std::optional<std::int64_t>>>, count_tokens,
                (const domain::ChatRequest&, const domain::Attempt&), (override));
};

// An attempt on the deployment whose model is `name` upstream.
inline auto upstream_model_is(std::string_view name) {
    return ::testing::Field(&domain::Attempt::upstream_model, ::testing::Eq(name));
}

template <class T>
boost::asio::awaitable<T> ready(T value) {
    co_return value;
}

// A transport's stream: pushes `chunks` to `sink`, then ends with `ending`
// (a summary or an error). Stops early, with the sink's error, if the sink fails.
inline boost::asio::awaitable<domain::Result<domain::StreamSummary>> play_stream(
    domain::ChunkSink& sink, std::vector<domain::StreamChunk> chunks, domain::Result<domain::StreamSummary> ending) {
    for (const auto& chunk : chunks) {
        auto delivered = co_await sink.on_chunk(chunk);
        if (!delivered) co_return std::move(delivered).error();
    }
    co_return ending;
}

inline domain::StreamChunk content_chunk(std::string text) {
    domain::StreamChunk chunk;
    chunk.content = std::move(text);
    return chunk;
}

// Collects what a use case streams.
class RecordingSink final : public domain::ChunkSink {
public:
    boost::asio::awaitable<domain::Result<void>> on_chunk(const domain::StreamChunk& chunk) override {
        chunks.push_back(chunk);
        co_return domain::success();
    }
    void on_served_by(const domain::Deployment& deployment) override { served_by.push_back(deployment.model); }

    std::vector<domain::StreamChunk> chunks;
    // The model named before the chunks, once per stream.
    std::vector<std::string> served_by;
};

}  // namespace llmgw::testing
