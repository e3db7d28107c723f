#pragma once

#include "infrastructure/ledger/batched_ledger.hpp"
#include "observability/logger.hpp"

namespace llmgw::infrastructure {

// The durable ledger's troubles as log lines: a failing database and drops
// as errors, recovery as a warning. Called from the ledger's writer thread.
class LoggedLedgerEvents final : public LedgerEvents {
public:
    explicit LoggedLedgerEvents(observability::Logger& logger) : logger_(logger) {}

    void write_failed(std::string_view error, std::size_t queued_rows) override;
    void write_recovered(std::size_t queued_rows) override;
    void rows_dropped(std::size_t dropped) override;
    void rows_lost(std::size_t lost, std::string_view error) override;

private:
    observability::Logger& logger_;
};

}  // namespace llmgw::infrastructure
