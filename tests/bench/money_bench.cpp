// The money path around a call, without the network: the gateway API key
// checked, the model governed, two budgets reserved and settled, and the
// request's ledger row queued for the SQLite ledger's writer — next to the
// same call with all of it off (an open gateway, no budgets, a ledger that
// keeps nothing), so the difference is what money costs per request. CPU is
// the whole process's, the ledger's writer thread included.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <unistd.h>

#include "adapters/common/identifiers.hpp"
#include "adapters/outbound/mock/mock_transport.hpp"
#include "application/complete_chat.hpp"
#include "infrastructure/auth/config_key_store.hpp"
#include "infrastructure/ledger/batched_ledger.hpp"
#include "infrastructure/ledger/sqlite_ledger_store.hpp"
#include "infrastructure/memory_budget_store.hpp"
#include "infrastructure/memory_cost_ledger.hpp"
#include "infrastructure/system_clock.hpp"
#include "run_calls.hpp"

namespace {
using namespace llmgw;
namespace asio = boost::asio;

struct NoAccessEvents final : application::AccessEvents {
    void governance_violation(const domain::RequestContext&, std::string_view) override {}
};
struct NoBudgetEvents final : application::BudgetEvents {
    void threshold_crossed(const domain::BudgetLine&, int, domain::NanoDollars) override {}
};
struct NoLedgerEvents final : infrastructure::LedgerEvents {
    void write_failed(std::string_view, std::size_t) override {}
    void write_recovered(std::size_t) override {}
    void rows_dropped(std::size_t) override {}
    void rows_lost(std::size_t, std::string_view) override {}
};

domain::ChatRequest echo_request() {
    domain::ChatRequest request;
    request.model = "echo";
    request.messages.push_back(domain::Message{
        .role = domain::Role::user,
        .content = {domain::ContentPart::make_text("Summarise the invoice reconciliation services.")}});
    return request;
}

// One gateway's money path, on (`money`) or off.
class MoneyPath {
public:
    explicit MoneyPath(bool money)
        : path_("/tmp/llmgw-bench-" + std::to_string(::getpid()) + ".db"),
          access_(money ? application::AccessPolicy(keys_, clock_, access_events_) : application::AccessPolicy()),
          ledger_(money ? std::unique_ptr<domain::CostLedger>(std::make_unique<infrastructure::BatchedLedger>(
                              *(store_ = std::make_unique<infrastructure::SqliteLedgerStore>(path_)),
                              infrastructure::BatchedLedgerOptions{}, ledger_events_))
                        : std::make_unique<infrastructure::MemoryCostLedger>(0)),
          metering_(budgets_, *ledger_, clock_,
                    money ? application::BudgetPolicy(
                                {{domain::BudgetScope::team, "search", domain::BudgetPeriod::monthly, {1'000'000'000'000'000}},
                                 {domain::BudgetScope::key, "bench", domain::BudgetPeriod::daily, {1'000'000'000'000'000}}},
                                {})
                          : application::BudgetPolicy(),
                    &alerts_),
          chat_(resilience_, metering_, caching_, application::RequestPolicy{access_, {}}) {}

    ~MoneyPath() {
        ledger_.reset();  // writes out what is queued
        store_.reset();
        for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
    }

    // A request as the front door makes it: authenticated, under its row.
    asio::awaitable<domain::Result<domain::ChatResponse>> call() {
        domain::RequestContext context{adapters::request_id(clock_.now()), {}};
        BOOST_OUTCOME_CO_TRY(access_.authenticate("sk-bench-secret", context));
        auto record = metering_.open(context, domain::Operation::chat, request_.model, false);
        auto answer = co_await chat_(context, request_);
        if (answer) {
            record.answered(200);
        } else {
            record.failed(500, answer.error());
        }
        co_return answer;
    }

private:
    std::string path_;
    infrastructure::SystemClock clock_;
    adapters::MockTransport transport_;
    infrastructure::ConfigKeyStore keys_{{{infrastructure::sha256_of("sk-bench-secret"),
                                           domain::ApiKey{.owner = {.api_key_id = "bench", .team = "search", .project = "ranking"},
                                                          .models = std::vector<std::string>{"echo"}}}}};
    NoAccessEvents access_events_;
    application::AccessPolicy access_;
    infrastructure::MemoryBudgetStore budgets_{clock_};
    NoLedgerEvents ledger_events_;
    std::unique_ptr<infrastructure::SqliteLedgerStore> store_;
    std::unique_ptr<domain::CostLedger> ledger_;
    NoBudgetEvents budget_events_;
    application::BudgetAlerts alerts_{budget_events_};
    application::Metering metering_;
    const application::ResponseCaching caching_;
    application::IgnoredResilienceEvents events_;
    application::ModelRouter router_{{application::Route{
        domain::Deployment{"echo", "mock", "echo", {.input_per_mtok = 400'000, .output_per_mtok = 1'600'000}},
        &transport_,
        {.max_concurrency = 1024}}}};
    application::Resilience resilience_{router_, clock_, events_};
    application::CompleteChat chat_;
    domain::ChatRequest request_ = echo_request();
};

// Argument: 1 with the money path on, 0 with it off.
void MoneyCompleteChat(benchmark::State& state) {
    MoneyPath path(state.range(0) == 1);
    bench::run_calls(state, [&] { return path.call(); });
}
BENCHMARK(MoneyCompleteChat)->Arg(0)->Arg(1)->MeasureProcessCPUTime()->UseRealTime();

std::int64_t resident_kib() {
    long pages = 0, resident = 0;
    if (FILE* statm = std::fopen("/proc/self/statm", "r")) {
        if (std::fscanf(statm, "%ld %ld", &pages, &resident) != 2) resident = 0;
        std::fclose(statm);
    }
    return resident * ::sysconf(_SC_PAGESIZE) / 1024;
}

// Resident memory after 10 thousand and after a million requests with the
// money path on: the ledger's queue, the budgets' accounts and holds must
// not grow with the uptime.
void MoneyPathMemory(benchmark::State& state) {
    for (auto _ : state) {
        MoneyPath path(true);
        asio::io_context io(1);
        const auto run = [&](int calls) {
            for (int i = 0; i < calls; ++i) {
                asio::co_spawn(io, [&]() -> asio::awaitable<void> { (void)co_await path.call(); }, asio::detached);
                io.restart();
                io.run();
            }
        };
        run(10'000);
        const auto after_10k = resident_kib();
        run(990'000);
        const auto after_1m = resident_kib();
        state.counters["rss_after_10k_MiB"] = static_cast<double>(after_10k) / 1024;
        state.counters["rss_after_1M_MiB"] = static_cast<double>(after_1m) / 1024;
        state.counters["growth_MiB"] = static_cast<double>(after_1m - after_10k) / 1024;
    }
}
BENCHMARK(MoneyPathMemory)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace
