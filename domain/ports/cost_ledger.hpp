#pragma once

#include "domain/ledger_row.hpp"

namespace llmgw::domain {

// The record of every request and what it cost: one row each, kept where
// finance can query it.
//
// `record` never waits and never fails: it runs when a request ends, on
// every path (the client leaving included), where nothing can be awaited. A
// durable ledger queues the row for a writer off the event loops. While its
// queue is full it stops `accepting` new requests (they are refused before
// anything is spent, so that no money goes untracked), yet still takes the
// rows of requests already under way; or, configured to drop, it drops and
// counts rows instead.
class CostLedger {
public:
    virtual ~CostLedger() = default;
    virtual void record(LedgerRow row) noexcept = 0;
    virtual bool accepting() const noexcept = 0;
};

}  // namespace llmgw::domain
