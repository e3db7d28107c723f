#include "adapters/outbound/mock/mock_transport.hpp"

#include <cctype>
#include <cmath>
#include <cstdint>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/outbound/common/builtin_tools.hpp"

namespace llmgw::adapters {
namespace {

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// The text split into words, each with the whitespace that precedes it.
std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> words;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t word = start;
        while (word < text.size() && is_space(text[word])) ++word;
        if (word == text.size()) {
            // Trailing whitespace stays with the last word.
            if (!words.empty()) words.back() = text.substr(text.size() - words.back().size() - (word - start));
            break;
        }
        std::size_t end = word;
        while (end < text.size() && !is_space(text[end])) ++end;
        words.push_back(text.substr(start, end - start));
        start = end;
    }
    return words;
}

std::string last_user_text(const domain::ChatRequest& request) {
    for (auto it = request.messages.rbegin(); it != request.messages.rend(); ++it) {
        if (it->role == domain::Role::user) return it->text();
    }
    return {};
}

domain::Usage usage_of(const domain::ChatRequest& request, std::string_view answer) {
    domain::Usage usage;
    for (const auto& message : request.messages) {
        usage.prompt_tokens += static_cast<std::int64_t>(words_of(message.text()).size());
    }
    usage.completion_tokens = static_cast<std::int64_t>(words_of(answer).size());
    return usage;
}

}  // namespace

boost::asio::awaitable<domain::Result<domain::ChatResponse>> MockTransport::complete(
    const domain::ChatRequest& request, const domain::Attempt& attempt) {
    BOOST_OUTCOME_CO_TRYV(refuse_builtin_tools(request));
    const auto answer = last_user_text(request);
    domain::ChatResponse response;
    response.model = attempt.upstream_model;
    domain::Choice choice;
    choice.message.role = domain::Role::assistant;
    choice.message.content.push_back(domain::ContentPart::make_text(answer));
    choice.finish_reason = domain::FinishReason::stop;
    response.choices.push_back(std::move(choice));
    response.usage = usage_of(request, answer);
    co_return response;
}

boost::asio::awaitable<domain::Result<domain::StreamSummary>> MockTransport::stream(const domain::ChatRequest& request,
                                                                                  const domain::Attempt& attempt,
                                                                                  domain::ChunkSink& sink) {
    BOOST_OUTCOME_CO_TRYV(refuse_builtin_tools(request));
    const auto answer = last_user_text(request);
    domain::StreamChunk first;
    first.role = domain::Role::assistant;
    first.content = std::string();
    BOOST_OUTCOME_CO_TRY(co_await sink.on_chunk(first));
    for (auto word : words_of(answer)) {
        domain::StreamChunk chunk;
        chunk.content = std::string(word);
        BOOST_OUTCOME_CO_TRY(co_await sink.on_chunk(chunk));
    }
    domain::StreamChunk last;
    last.finish_reason = domain::FinishReason::stop;
    BOOST_OUTCOME_CO_TRY(co_await sink.on_chunk(last));
    co_return domain::StreamSummary{{}, std::string(attempt.upstream_model), usage_of(request, answer), true};
}

boost::asio::awaitable<domain::Result<domain::EmbeddingResponse>> MockTransport::embed(
    const domain::EmbeddingRequest& request, const domain::Attempt& attempt) {
    if (request.texts.empty()) {
        co_return domain::make_error(domain::ErrorCode::invalid_request, "The mock model embeds text only.", "input");
    }
    constexpr std::int64_t default_dimensions = 8;
    const auto dimensions = static_cast<std::size_t>(request.dimensions.value_or(default_dimensions));
    domain::EmbeddingResponse response;
    response.model = attempt.upstream_model;
    for (const auto& text : request.texts) {
        // One input at a time, letting the loop serve others in between: a
        // large batch must not stall every other request on this loop.
        if (!response.embeddings.empty()) co_await boost::asio::post(co_await boost::asio::this_coro::executor, boost::asio::use_awaitable);
        // FNV-1a of the text seeds a small linear congruential sequence.
        std::uint64_t state = 1469598103934665603ULL;
        for (unsigned char c : text) state = (state ^ c) * 1099511628211ULL;
        std::vector<float> vector(dimensions);
        double norm = 0;
        for (auto& value : vector) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            value = static_cast<float>(static_cast<double>(state >> 11) / static_cast<double>(1ULL << 53) - 0.5);
            norm += static_cast<double>(value) * value;
        }
        for (auto& value : vector) value = static_cast<float>(value / std::sqrt(norm));
        response.embeddings.push_back(std::move(vector));
        response.usage.prompt_tokens += static_cast<std::int64_t>(words_of(text).size());
    }
    co_return response;
}

}  // namespace llmgw::adapters
