#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>

#include "observability/tracing/bounded_queue.hpp"

namespace llmgw::observability {

// Writes log lines from a thread of its own, so that a request thread only
// queues its line: no lock, no system call, no wait for a slow terminal or
// pipe. Lines are written in order of queueing, as many at once as are
// waiting (one write for a burst). When `max_lines` wait, new lines are
// dropped and counted instead. Destruction writes what is queued, then
// joins the thread.
class LogWriter {
public:
    LogWriter(std::FILE* out, std::size_t max_lines);
    LogWriter(const LogWriter&) = delete;
    LogWriter& operator=(const LogWriter&) = delete;
    ~LogWriter();

    // Queues `line` (ending in a newline); false when it was dropped.
    bool offer(std::string line) noexcept;
    std::uint64_t dropped() const noexcept { return dropped_.load(std::memory_order_relaxed); }
    // Waits until every line queued so far is written (for tests and
    // before the process ends).
    void flush();

private:
    void run();
    // Writes what is queued; the number of lines written.
    std::size_t drain(std::string& batch);

    std::FILE* out_;
    BoundedQueue<std::string> queue_;
    std::atomic<std::uint32_t> pending_{0};   // lines queued and not yet written
    std::atomic<std::uint64_t> dropped_{0};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace llmgw::observability
