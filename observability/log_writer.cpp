#include "observability/log_writer.hpp"

#include <pthread.h>

namespace llmgw::observability {

LogWriter::LogWriter(std::FILE* out, std::size_t max_lines)
    : out_(out), queue_(max_lines), thread_([this] { run(); }) {}

LogWriter::~LogWriter() {
    stopping_.store(true);
    pending_.fetch_add(1);  // wakes the writer even when nothing is queued
    pending_.notify_one();
    thread_.join();
}

bool LogWriter::offer(std::string line) noexcept {
    if (!queue_.try_push(line)) {
        dropped_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    // Only the first line after the writer went idle wakes it.
    if (pending_.fetch_add(1) == 0) pending_.notify_one();
    return true;
}

void LogWriter::flush() {
    for (auto waiting = pending_.load(); waiting != 0 && !stopping_.load(); waiting = pending_.load()) {
        pending_.wait(waiting);
    }
}

std::size_t LogWriter::drain(std::string& batch) {
    std::size_t lines = 0;
    batch.clear();
    while (auto line = queue_.try_pop()) {
        batch += *line;
        ++lines;
    }
    if (!batch.empty()) {
        std::fwrite(batch.data(), 1, batch.size(), out_);
        std::fflush(out_);
    }
    return lines;
}

void LogWriter::run() {
    pthread_setname_np(pthread_self(), "llmgw-log");
    std::string batch;
    for (;;) {
        pending_.wait(0);
        const bool last = stopping_.load();
        const std::size_t written = drain(batch);
        if (last) break;
        // Lines queued while writing keep the count above zero: no sleep.
        pending_.fetch_sub(written);
        pending_.notify_all();  // a flush waiting for the count
    }
}

}  // namespace llmgw::observability
