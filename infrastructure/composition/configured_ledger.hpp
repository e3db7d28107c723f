#pragma once

#include <memory>

#include "domain/ports/cost_ledger.hpp"
#include "domain/ports/response_store.hpp"
#include "domain/ports/spend_history.hpp"
#include "domain/ports/spend_reports.hpp"
#include "infrastructure/composition/logged_ledger_events.hpp"
#include "infrastructure/config/gateway_config.hpp"
#include "infrastructure/ledger/ledger_store.hpp"
#include "observability/logger.hpp"

namespace llmgw::infrastructure {

// The ledger `ledger:` asks for: a SQLite or PostgreSQL store behind the
// batching queue, or memory. Opening it (and migrating its schema) happens
// here, before any event loop runs; a database that cannot be opened stops
// start-up with ConfigError. Destroying it writes out every queued row.
// Stored responses live beside it: in its database, or in memory (bounded
// by `memory_responses_bytes`).
class ConfiguredLedger {
public:
    ConfiguredLedger(const LedgerConfig& config, std::size_t memory_responses_bytes, observability::Logger& logger);
    ~ConfiguredLedger();

    domain::CostLedger& ledger() noexcept { return *ledger_; }
    // Past spend, from the database; none for the memory ledger.
    domain::SpendHistory* history() noexcept { return history_; }
    // Spend reports, from the database; none for the memory ledger.
    domain::SpendReports* reports() noexcept { return reports_; }
    domain::ResponseStore& responses() noexcept { return *responses_; }

private:
    LoggedLedgerEvents events_;
    std::unique_ptr<LedgerStore> store_;
    domain::SpendHistory* history_ = nullptr;
    domain::SpendReports* reports_ = nullptr;
    std::unique_ptr<domain::ResponseStore> memory_responses_;
    domain::ResponseStore* responses_ = nullptr;
    std::unique_ptr<domain::CostLedger> ledger_;  // declared last: flushes into the store
};

}  // namespace llmgw::infrastructure
