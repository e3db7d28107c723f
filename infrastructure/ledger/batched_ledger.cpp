#include "infrastructure/ledger/batched_ledger.hpp"

#include <algorithm>
#include <iterator>

#include <pthread.h>

namespace llmgw::infrastructure {

BatchedLedger::BatchedLedger(LedgerStore& store, BatchedLedgerOptions options, LedgerEvents& events)
    : store_(store), options_(options), events_(events) {
    writer_ = std::thread([this] {
        // Named for top -H and perf.
        pthread_setname_np(pthread_self(), "llmgw-ledger");
        write_loop();
    });
}

BatchedLedger::~BatchedLedger() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        give_up_at_ = std::chrono::steady_clock::now() + options_.drain_limit;
    }
    wake_.notify_all();
    writer_.join();
}

void BatchedLedger::record(domain::LedgerRow row) noexcept {
    // A full queue still takes the rows that hold spend (calls admitted
    // before it filled up), but not those of calls it refused, which spent
    // nothing: under a sustained overload they would grow it without bound.
    const bool spent_nothing = row.cost.value == 0 && row.usage.total_tokens() == 0;
    if ((options_.on_full == OnLedgerFull::drop || spent_nothing) && queued() >= options_.queue_rows) {
        const auto dropped = dropped_.fetch_add(1, std::memory_order_relaxed) + 1;
        // The first drop, then one report per thousand: a log line per
        // request would make an outage worse.
        if (dropped == 1 || dropped % 1000 == 0) events_.rows_dropped(dropped);
        return;
    }
    bool batch_ready = false;
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(row));
        queued_.fetch_add(1, std::memory_order_relaxed);
        batch_ready = queue_.size() == options_.batch_rows;
    }
    if (batch_ready) wake_.notify_one();
}

bool BatchedLedger::accepting() const noexcept {
    // Dropping never refuses a request; rejecting refuses new ones once the
    // queue is full, while those under way still get their rows in.
    return options_.on_full == OnLedgerFull::drop || queued() < options_.queue_rows;
}

void BatchedLedger::write_loop() {
    std::vector<domain::LedgerRow> batch;
    batch.reserve(options_.batch_rows);
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait_for(lock, options_.flush_interval,
                           [&] { return stopping_ || queue_.size() >= options_.batch_rows; });
            if (queue_.empty()) {
                if (stopping_) return;
                continue;
            }
            const auto taken = static_cast<std::ptrdiff_t>(std::min(queue_.size(), options_.batch_rows));
            batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.begin() + taken));
            queue_.erase(queue_.begin(), queue_.begin() + taken);
        }
        if (!write_with_retries(batch)) return;
        queued_.fetch_sub(batch.size(), std::memory_order_relaxed);
        batch.clear();
    }
}

bool BatchedLedger::write_with_retries(const std::vector<domain::LedgerRow>& batch) {
    auto wait = options_.retry_first;
    bool failing = false;
    for (;;) {
        std::string error;
        try {
            store_.write(batch);
            if (failing) events_.write_recovered(queued() - batch.size());
            return true;
        } catch (const std::exception& failure) {
            error = failure.what();
        }
        failing = true;
        events_.write_failed(error, queued());

        std::unique_lock lock(mutex_);
        if (stopping_) {
            const auto left = give_up_at_ - std::chrono::steady_clock::now();
            if (left <= std::chrono::steady_clock::duration::zero()) {
                events_.rows_lost(batch.size() + queue_.size(), error);
                return false;
            }
            wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(left));
        }
        // A stop during the wait cuts it short, so that shutdown tries
        // again at once and then within its limit.
        wake_.wait_for(lock, wait);
        wait = std::min(wait * 2, options_.retry_most);
    }
}

}  // namespace llmgw::infrastructure
