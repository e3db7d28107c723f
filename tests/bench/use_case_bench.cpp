// The policy around an upstream call, without the network: a chat request
// through CompleteChat — router, balancer, breaker, concurrency place,
// attempt deadline, metering — against a transport that answers at once,
// next to the bare transport call, so the difference is the policy's cost.

#include <benchmark/benchmark.h>

#include <optional>
#include <string>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/outbound/mock/mock_transport.hpp"
#include "run_calls.hpp"
#include "application/complete_chat.hpp"
#include "infrastructure/memory_rate_limit_store.hpp"
#include "infrastructure/memory_response_cache.hpp"
#include "infrastructure/system_clock.hpp"

namespace {
using namespace llmgw;
using bench::run_calls;
namespace asio = boost::asio;

domain::ChatRequest echo_request() {
    domain::ChatRequest request;
    request.model = "echo";
    domain::Message message;
    message.content.push_back(domain::ContentPart::make_text("Summarise the invoice reconciliation services."));
    request.messages.push_back(std::move(message));
    return request;
}

// Budgets and a ledger that keep nothing, so that the figure is the
// policy's own and not the growth of an in-memory list of rows.
class DiscardingBudgets final : public domain::BudgetStore {
public:
    asio::awaitable<domain::Result<domain::ReservationId>> reserve(const domain::Hold&) override { co_return ++next_; }
    void settle(domain::ReservationId, domain::NanoDollars) noexcept override {}
    void release(domain::ReservationId) noexcept override {}
    Standing standing(const domain::BudgetLine&) const override { return {}; }
    void restore(const domain::BudgetLine&, domain::NanoDollars) override {}

private:
    domain::ReservationId next_ = 0;
};

class DiscardingLedger final : public domain::CostLedger {
public:
    void record(domain::LedgerRow) noexcept override {}
    bool accepting() const noexcept override { return true; }
};

// The mock "echo" deployment behind the resilience and metering that every
// use case benchmark goes through, with budgets and a ledger that keep nothing.
struct EchoCalls {
    explicit EchoCalls(application::RoutePolicy policy = {.max_concurrency = 1024})
        : router({application::Route{domain::Deployment{"echo", "mock", "echo", {}}, &transport, policy}}) {}

    adapters::MockTransport transport;
    infrastructure::SystemClock clock;
    DiscardingBudgets budgets;
    DiscardingLedger ledger;
    application::IgnoredResilienceEvents events;
    application::ModelRouter router;
    application::Resilience resilience{router, clock, events};
    application::Metering metering{budgets, ledger, clock};
};

void BareTransportCall(benchmark::State& state) {
    adapters::MockTransport transport;
    const auto request = echo_request();
    const domain::Attempt attempt{"echo"};
    run_calls(state, [&] { return transport.complete(request, attempt); });
}
BENCHMARK(BareTransportCall);

// Argument: the deployment's total time limit in ms (0: none, so no timer
// races the call).
void ResilientCompleteChat(benchmark::State& state) {
    const std::chrono::milliseconds total_limit(state.range(0));
    EchoCalls calls({.timeouts = {.total = total_limit}, .max_concurrency = 1024});
    const application::ResponseCaching caching;
    application::CompleteChat chat(calls.resilience, calls.metering, caching);
    const auto request = echo_request();
    run_calls(state, [&] { return chat(domain::RequestContext{"bench", {}, std::nullopt}, request); });
}
BENCHMARK(ResilientCompleteChat)->Arg(0)->Arg(600'000);

// The response cache around the same call, with the memory store.
// Argument: 0 the cache off; 1 on, every request a new one (a miss, whose
// answer is stored); 2 on, every request the same (a hit). 0 and 1 change
// the prompt alike, so that their difference is the cache's.
void CachedCompleteChat(benchmark::State& state) {
    const auto mode = state.range(0);
    EchoCalls calls;
    infrastructure::MemoryResponseCache store(calls.clock, 10'000);
    std::optional<application::ResponseCaching> caching;
    if (mode == 0) {
        caching.emplace();
    } else {
        caching.emplace(store, calls.clock,
                        application::CachePolicy{.enabled = true, .coalesce = true,
                                                 .mode = application::CachePolicy::Mode::always});
    }
    application::CompleteChat chat(calls.resilience, calls.metering, *caching);
    auto request = echo_request();
    const auto prompt = request.messages[0].content[0].text;
    std::uint64_t n = 0;
    run_calls(state, [&] {
        if (mode != 2) request.messages[0].content[0].text = prompt + std::to_string(++n);
        return chat(domain::RequestContext{"bench", {}, std::nullopt}, request);
    });
}
BENCHMARK(CachedCompleteChat)->Arg(0)->Arg(1)->Arg(2);

// Rate limits around the same call. Argument: 0 none; 1 six limits that
// apply to every request (the gateway's rpm and max_parallel, the key's
// rpm and tpm, the team's tpm, the model's tpm), each far from full, so
// every request is admitted and its tokens settled.
void RateLimitedCompleteChat(benchmark::State& state) {
    using domain::RateMeasure;
    using domain::PolicyScope;
    using std::chrono::seconds;
    EchoCalls calls;
    const application::ResponseCaching caching;
    constexpr std::int64_t plenty = 1'000'000'000'000;
    std::vector<domain::RateLimit> limits{
        {.scope = PolicyScope::global, .period = seconds(60), .limit = plenty},
        {.scope = PolicyScope::global, .measure = RateMeasure::parallel, .limit = 1'000'000},
        {.scope = PolicyScope::key, .owner = "k1", .period = seconds(60), .limit = plenty},
        {.scope = PolicyScope::key, .owner = "k1", .measure = RateMeasure::tokens, .period = seconds(60), .limit = plenty},
        {.scope = PolicyScope::team, .owner = "search", .measure = RateMeasure::tokens, .period = seconds(60), .limit = plenty},
        {.scope = PolicyScope::model, .owner = "echo", .measure = RateMeasure::tokens, .period = seconds(60), .limit = plenty},
    };
    for (std::size_t i = 0; i < limits.size(); ++i) limits[i].slot = i;
    infrastructure::MemoryRateLimitStore store(limits);
    const application::RateLimiting rates(store, calls.clock, state.range(0) ? limits : std::vector<domain::RateLimit>{});
    application::CompleteChat chat(calls.resilience, calls.metering, caching, {{}, {}, state.range(0) ? &rates : nullptr});
    const auto request = echo_request();
    domain::LedgerRow row;
    run_calls(state, [&] {
        domain::RequestContext context{"bench", {.api_key_id = "k1", .team = "search"}, std::nullopt};
        context.row = &row;
        return chat(std::move(context), request);
    });
}
BENCHMARK(RateLimitedCompleteChat)->Arg(0)->Arg(1);

}  // namespace
