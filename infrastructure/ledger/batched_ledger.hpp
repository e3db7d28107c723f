#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "domain/ports/cost_ledger.hpp"
#include "infrastructure/ledger/ledger_store.hpp"

namespace llmgw::infrastructure {

// What becomes of the ledger's writing, for the operators' log.
class LedgerEvents {
public:
    virtual ~LedgerEvents() = default;
    // A batch could not be written; it is kept and tried again.
    virtual void write_failed(std::string_view error, std::size_t queued_rows) = 0;
    // Writing works again after failures.
    virtual void write_recovered(std::size_t queued_rows) = 0;
    // The queue is full and the ledger drops rows (`on_ledger_full: drop`):
    // `dropped` so far.
    virtual void rows_dropped(std::size_t dropped) = 0;
    // Shut down with rows the database never took.
    virtual void rows_lost(std::size_t lost, std::string_view error) = 0;
};

enum class OnLedgerFull { reject, drop };

struct BatchedLedgerOptions {
    std::chrono::milliseconds flush_interval{200};
    std::size_t batch_rows = 500;
    std::size_t queue_rows = 100'000;
    OnLedgerFull on_full = OnLedgerFull::reject;
    // How long the writer keeps trying at shutdown before it gives up.
    std::chrono::milliseconds drain_limit{10'000};
    // Waits between tries while the database fails: doubling up to the most.
    std::chrono::milliseconds retry_first{100};
    std::chrono::milliseconds retry_most{5'000};
};

// The durable ledger's queue: rows are taken from the event loops without
// waiting and written in batches by one thread of its own, every
// `flush_interval` or as soon as `batch_rows` are waiting, so that no
// database call ever runs on an event loop. While the database fails, rows
// wait (at most `queue_rows`; then new requests are refused and the rows of
// those that spent nothing are dropped, or every row is dropped; drops are
// counted) and are tried again with backoff. Destroying it
// writes out everything still queued (within `drain_limit`).
class BatchedLedger final : public domain::CostLedger {
public:
    BatchedLedger(LedgerStore& store, BatchedLedgerOptions options, LedgerEvents& events);
    ~BatchedLedger() override;

    void record(domain::LedgerRow row) noexcept override;
    bool accepting() const noexcept override;

    // Rows taken and not yet committed.
    std::size_t queued() const noexcept { return queued_.load(std::memory_order_relaxed); }
    // Rows dropped because the queue was full (on_ledger_full: drop).
    std::size_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }

private:
    void write_loop();
    // Writes `batch` until it is in or the writer must give up; false then.
    bool write_with_retries(const std::vector<domain::LedgerRow>& batch);

    LedgerStore& store_;
    const BatchedLedgerOptions options_;
    LedgerEvents& events_;

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<domain::LedgerRow> queue_;
    bool stopping_ = false;
    std::chrono::steady_clock::time_point give_up_at_;
    std::atomic<std::size_t> queued_{0};
    std::atomic<std::size_t> dropped_{0};
    std::thread writer_;
};

}  // namespace llmgw::infrastructure
