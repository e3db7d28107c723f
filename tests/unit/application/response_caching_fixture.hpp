// The fixture of the response cache's tests (response_caching_test.cpp)
// and of single flight's (call_coalescing_test.cpp): the use cases over a
// memory cache, a mock transport and the manual clock.

#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "application/complete_chat.hpp"
#include "application/embed.hpp"
#include "application/stream_chat.hpp"
#include "chat_builders.hpp"
#include "infrastructure/memory_budget_store.hpp"
#include "infrastructure/memory_cost_ledger.hpp"
#include "infrastructure/memory_response_cache.hpp"
#include "manual_clock.hpp"
#include "mock_transport.hpp"
#include "recorded_call.hpp"

namespace llmgw::application::caching_tests {

using namespace llmgw::testing;
using ::testing::_;
using ::testing::StrictMock;
using domain::CacheOutcome;
using std::chrono::seconds;

inline domain::ChatRequest cold(std::string text = "hi") {
    auto request = chat_request("fast", std::move(text));
    request.temperature = 0.0;
    return request;
}

class ResponseCachingTest : public ::testing::Test {
protected:
    void configure(CachePolicy policy) { caching = ResponseCaching(cache, clock, std::move(policy)); }

    // Answers every chat call with "hello" and counts the calls.
    void upstream_answers(std::string text = "hello") {
        ON_CALL(transport, complete(_, _)).WillByDefault([this, text](auto&&...) {
            ++upstream_calls;
            return ready(domain::Result<domain::ChatResponse>(
                text_response(text, {.prompt_tokens = 10, .completion_tokens = 2})));
        });
        EXPECT_CALL(transport, complete(_, _)).Times(::testing::AnyNumber());
    }

    domain::RequestContext context_of(domain::Attribution caller = {.api_key_id = "k1", .team = "search"}) {
        domain::RequestContext context{"req-" + std::to_string(++requests), std::move(caller)};
        context.cache_status = &status;
        return context;
    }

    domain::Result<domain::ChatResponse> complete(domain::ChatRequest request,
                                                  std::optional<domain::RequestContext> context = std::nullopt) {
        CompleteChat chat(resilience, metering, caching);
        return run_recorded(metering, context ? *context : context_of(), domain::Operation::chat, request.model, false,
                            [&](const domain::RequestContext& recorded) { return chat(recorded, request); });
    }

    domain::Result<domain::StreamSummary> stream(domain::ChatRequest request, RecordingSink& sink) {
        StreamChat chat(resilience, metering, caching);
        request.stream = true;
        return run_recorded(metering, context_of(), domain::Operation::chat, request.model, true,
                            [&](const domain::RequestContext& recorded) { return chat(recorded, request, sink); });
    }

    StrictMock<MockLlmTransport> transport;
    ManualClock clock;
    infrastructure::MemoryBudgetStore budgets{clock};
    infrastructure::MemoryCostLedger ledger;
    infrastructure::MemoryResponseCache cache{clock, 1000};
    Metering metering{budgets, ledger, clock};
    ModelRouter router{{Route{domain::Deployment{"fast", "openai", "gpt-4.1-mini",
                                                 {.input_per_mtok = 400'000, .output_per_mtok = 1'600'000}},
                              &transport}}};
    IgnoredResilienceEvents events;
    Resilience resilience{router, clock, events};
    ResponseCaching caching;
    domain::CacheStatus status;
    int upstream_calls = 0;
    int requests = 0;
};

}  // namespace llmgw::application::caching_tests
