#pragma once

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "observability/log_writer.hpp"
#include "observability/secret_scrubber.hpp"

namespace llmgw::observability {

enum class LogLevel { debug, info, warn, error };

// `json`: one JSON object per line. `text`: logfmt, `ts level event
// key=value ...`, a value quoted (JSON string escapes) when it is empty or
// holds a space, quote, `=` or control character.
enum class LogFormat { json, text };

// Structured logging. A value passed in, not a global, so that tests can
// capture what is logged.
//
// Secrets never reach the output: every value goes through the
// SecretScrubber (registered secrets and recognisable key shapes).
//
// Until `start_writer`, a line is written by the thread that logs it (at
// start-up, in tests). After it, lines are queued for a writer thread
// without a lock, and dropped (and counted) when too many wait: a request
// never waits for the log. Register secrets, configure and start the
// writer before the event loops run.
class Logger {
public:
    // A name (one of the code's own identifiers, written as it is) and a value
    // (any text: escaped and scrubbed).
    using Field = std::pair<std::string_view, std::string_view>;

    Logger(std::FILE* out, LogLevel min_level) : out_(out), min_level_(min_level) {}

    void add_secret(std::string secret);
    void configure(LogFormat format, LogLevel min_level) {
        format_ = format;
        min_level_ = min_level;
    }
    void start_writer(std::size_t max_lines);
    // Waits until every line logged so far is written.
    void flush();

    bool enabled(LogLevel level) const noexcept { return level >= min_level_; }
    // Lines dropped because the writer's queue was full.
    std::uint64_t dropped() const noexcept { return writer_ ? writer_->dropped() : 0; }

    void log(LogLevel level, std::string_view event, std::initializer_list<Field> fields) {
        log(level, event, std::span<const Field>(fields.begin(), fields.size()));
    }
    void log(LogLevel level, std::string_view event, std::span<const Field> fields);
    void info(std::string_view event, std::initializer_list<Field> fields = {}) { log(LogLevel::info, event, fields); }
    void warn(std::string_view event, std::initializer_list<Field> fields = {}) { log(LogLevel::warn, event, fields); }
    void error(std::string_view event, std::initializer_list<Field> fields = {}) { log(LogLevel::error, event, fields); }

    // `text` with every secret replaced by "[REDACTED]".
    std::string scrub(std::string_view text) const { return scrubber_.scrub(text); }
    // The same scrubbing for what leaves by other ways than the log.
    const SecretScrubber& scrubber() const noexcept { return scrubber_; }

private:
    void append_value(std::string& line, std::string_view value) const;

    std::FILE* out_;
    LogLevel min_level_;
    LogFormat format_ = LogFormat::json;
    SecretScrubber scrubber_;
    std::unique_ptr<LogWriter> writer_;
};

LogLevel parse_log_level(std::string_view name, LogLevel fallback) noexcept;

}  // namespace llmgw::observability
