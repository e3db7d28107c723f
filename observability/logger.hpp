#pragma once

#include <cstdio>
#include <initializer_list>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "observability/secret_scrubber.hpp"

namespace llmgw::observability {

enum class LogLevel { debug, info, warn, error };

// Structured logging: one JSON object per line. A value passed in, not a
// global, so that tests can capture what is logged.
//
// Secrets never reach the output: every value goes through the
// SecretScrubber (registered secrets and recognisable key shapes).
class Logger {
public:
    using Field = std::pair<std::string_view, std::string_view>;

    Logger(std::FILE* out, LogLevel min_level) : out_(out), min_level_(min_level) {}

    void add_secret(std::string secret);
    bool enabled(LogLevel level) const noexcept { return level >= min_level_; }

    void log(LogLevel level, std::string_view event, std::initializer_list<Field> fields);
    void info(std::string_view event, std::initializer_list<Field> fields = {}) { log(LogLevel::info, event, fields); }
    void warn(std::string_view event, std::initializer_list<Field> fields = {}) { log(LogLevel::warn, event, fields); }
    void error(std::string_view event, std::initializer_list<Field> fields = {}) { log(LogLevel::error, event, fields); }

    // `text` with every secret replaced by "[REDACTED]".
    std::string scrub(std::string_view text) const { return scrubber_.scrub(text); }
    // The same scrubbing for what leaves by other ways than the log.
    const SecretScrubber& scrubber() const noexcept { return scrubber_; }

private:
    std::FILE* out_;
    LogLevel min_level_;
    SecretScrubber scrubber_;
    std::mutex mutex_;
};

LogLevel parse_log_level(std::string_view name, LogLevel fallback) noexcept;

}  // namespace llmgw::observability
