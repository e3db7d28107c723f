#include "infrastructure/composition/configured_ledger.hpp"

#include <tuple>
#include <utility>

#include "infrastructure/config/config_loader.hpp"
#include "infrastructure/ledger/batched_ledger.hpp"
#include "infrastructure/ledger/postgres_ledger_store.hpp"
#include "infrastructure/ledger/sqlite_ledger_store.hpp"
#include "infrastructure/memory_cost_ledger.hpp"
#include "infrastructure/memory_response_store.hpp"

namespace llmgw::infrastructure {

namespace {

// The store, its views of past spend, and its stored responses.
template <class Store, class... Arguments>
std::tuple<std::unique_ptr<LedgerStore>, domain::SpendHistory*, domain::SpendReports*, domain::ResponseStore*> open(
    Arguments&&... arguments) {
    try {
        auto store = std::make_unique<Store>(std::forward<Arguments>(arguments)...);
        auto* views = store.get();
        return {std::move(store), views, views, views};
    } catch (const LedgerStoreError& failure) {
        throw ConfigError(std::string("ledger: ") + failure.what());
    }
}

}  // namespace

ConfiguredLedger::ConfiguredLedger(const LedgerConfig& config, std::size_t memory_responses_bytes,
                                   observability::Logger& logger)
    : events_(logger) {
    if (config.kind == LedgerConfig::Kind::memory) {
        ledger_ = std::make_unique<MemoryCostLedger>();
        memory_responses_ = std::make_unique<MemoryResponseStore>(memory_responses_bytes);
        responses_ = memory_responses_.get();
        return;
    }
    std::tie(store_, history_, reports_, responses_) = config.kind == LedgerConfig::Kind::sqlite ? open<SqliteLedgerStore>(config.path)
                                                                          : open<PostgresLedgerStore>(config.dsn);
    ledger_ = std::make_unique<BatchedLedger>(
        *store_,
        BatchedLedgerOptions{.flush_interval = config.flush_interval,
                             .batch_rows = config.batch_rows,
                             .queue_rows = config.queue_rows,
                             .on_full = config.drop_when_full ? OnLedgerFull::drop : OnLedgerFull::reject},
        events_);
}

ConfiguredLedger::~ConfiguredLedger() {
    ledger_.reset();  // flushes before the store closes
}

}  // namespace llmgw::infrastructure
