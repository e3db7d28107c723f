#include "observability/logger.hpp"

#include "observability/json_text.hpp"

#include <chrono>
#include <ctime>

namespace llmgw::observability {
namespace {

std::string_view level_name(LogLevel level) {
    switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
    }
    return "info";
}

// ISO 8601 UTC to the millisecond. The date is worked out once a second
// per thread; the rest is digits.
void append_timestamp(std::string& line) {
    const auto now = std::chrono::system_clock::now();
    const auto since_epoch = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
    const std::time_t seconds = since_epoch / 1000;
    thread_local std::time_t cached_second = -1;
    thread_local char cached[24];  // "YYYY-MM-DDTHH:MM:SS."
    if (seconds != cached_second) {
        std::tm utc{};
        gmtime_r(&seconds, &utc);
        std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d.", utc.tm_year + 1900, utc.tm_mon + 1,
                      utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
        cached_second = seconds;
    }
    line += cached;
    const int millis = static_cast<int>(since_epoch % 1000);
    line += static_cast<char>('0' + millis / 100);
    line += static_cast<char>('0' + millis / 10 % 10);
    line += static_cast<char>('0' + millis % 10);
    line += 'Z';
}

// A logfmt value is bare when it is printable ASCII that cannot be misread
// (no space, quote or `=`); anything else is a quoted JSON string, which
// also keeps the line valid UTF-8.
bool needs_quotes(std::string_view value) {
    if (value.empty()) return true;
    for (const char c : value) {
        if (c <= ' ' || c > '~' || c == '"' || c == '=') return true;
    }
    return false;
}

void append_value_text(std::string& line, std::string_view value, LogFormat format) {
    if (format == LogFormat::json || needs_quotes(value)) return append_json_string(line, value);
    line += value;
}

}  // namespace

void Logger::add_secret(std::string secret) { scrubber_.add_secret(std::move(secret)); }

void Logger::start_writer(std::size_t max_lines) { writer_ = std::make_unique<LogWriter>(out_, max_lines); }

void Logger::flush() {
    if (writer_) writer_->flush();
}

void Logger::append_value(std::string& line, std::string_view value) const {
    if (scrubber_.may_hold_secret(value)) {
        const auto clean = scrubber_.scrub(value);
        return append_value_text(line, clean, format_);
    }
    append_value_text(line, value, format_);
}

void Logger::log(LogLevel level, std::string_view event, std::span<const Field> fields) {
    if (!enabled(level)) return;
    std::string line;
    line.reserve(1024);  // an access line, grown once at most
    if (format_ == LogFormat::json) {
        line += "{\"ts\":\"";
        append_timestamp(line);
        line += "\",\"level\":\"";
        line += level_name(level);
        line += "\",\"event\":";
        append_json_string(line, event);
        for (const auto& [name, value] : fields) {
            // Field names are the code's own identifiers: nothing to escape.
            line += ",\"";
            line += name;
            line += "\":";
            append_value(line, value);
        }
        line += "}\n";
    } else {
        append_timestamp(line);
        line += ' ';
        line += level_name(level);
        line += ' ';
        line += event;
        for (const auto& [name, value] : fields) {
            line += ' ';
            line += name;
            line += '=';
            append_value(line, value);
        }
        line += '\n';
    }
    if (writer_) {
        writer_->offer(std::move(line));
        return;
    }
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fflush(out_);
}

LogLevel parse_log_level(std::string_view name, LogLevel fallback) noexcept {
    if (name == "debug") return LogLevel::debug;
    if (name == "info") return LogLevel::info;
    if (name == "warn") return LogLevel::warn;
    if (name == "error") return LogLevel::error;
    return fallback;
}

}  // namespace llmgw::observability
