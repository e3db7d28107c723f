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

std::string timestamp() {
    const auto now = std::chrono::system_clock::now();
    const auto seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(millis));
    return buffer;
}

}  // namespace

void Logger::add_secret(std::string secret) {
    std::lock_guard lock(mutex_);
    scrubber_.add_secret(std::move(secret));
}

void Logger::log(LogLevel level, std::string_view event, std::initializer_list<Field> fields) {
    if (!enabled(level)) return;
    std::string line;
    line.reserve(256);
    line += "{\"ts\":";
    append_json_string(line, timestamp());
    line += ",\"level\":";
    append_json_string(line, level_name(level));
    line += ",\"event\":";
    append_json_string(line, event);
    std::lock_guard lock(mutex_);
    for (const auto& [name, value] : fields) {
        line += ',';
        append_json_string(line, name);
        line += ':';
        append_json_string(line, scrubber_.scrub(value));
    }
    line += "}\n";
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
