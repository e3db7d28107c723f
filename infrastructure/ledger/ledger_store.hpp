#pragma once

#include <chrono>
#include <span>
#include <stdexcept>

#include "domain/error.hpp"
#include "domain/ledger_row.hpp"

namespace llmgw::infrastructure {

// A database's side of the durable ledger, used by one writer thread.
class LedgerStore {
public:
    virtual ~LedgerStore() = default;
    // Commits `rows` in one transaction, or throws LedgerStoreError and
    // commits none. Writing a row whose request_id is already there does
    // nothing, so that a batch retried after an unclear failure is never
    // booked twice.
    virtual void write(std::span<const domain::LedgerRow> rows) = 0;
};

// The database refused or could not be reached. The message names the
// database and the failure, never a password.
struct LedgerStoreError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What a caller of a report is told when the database cannot answer; the
// failure's details (paths, hosts) stay inside.
inline domain::Error unreadable_ledger() {
    auto error = domain::make_error(domain::ErrorCode::ledger_unavailable,
                                    "The cost ledger cannot be read right now; try again shortly.");
    error.retry_after = std::chrono::seconds(5);
    return error;
}

}  // namespace llmgw::infrastructure
