#include "observability/logger.hpp"

#include "observability/json_text.hpp"

#include <cctype>
#include <chrono>
#include <ctime>

namespace llmgw::observability {
namespace {

constexpr std::string_view redacted = "[REDACTED]";

std::string_view level_name(LogLevel level) {
    switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
    }
    return "info";
}

bool token_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}

// Replaces the token that follows each occurrence of `marker` (when it is at
// least `min_length` long) with the redaction mark.
void scrub_after(std::string& text, std::string_view marker, std::size_t min_length) {
    for (std::size_t at = text.find(marker); at != std::string::npos; at = text.find(marker, at + 1)) {
        const std::size_t begin = at + marker.size();
        std::size_t end = begin;
        while (end < text.size() && token_char(text[end])) ++end;
        if (end - begin >= min_length) text.replace(begin, end - begin, redacted);
    }
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
    if (secret.empty()) return;
    std::lock_guard lock(mutex_);
    secrets_.push_back(std::move(secret));
}

std::string Logger::scrub(std::string_view text) const {
    std::string clean(text);
    for (const auto& secret : secrets_) {
        for (std::size_t at = clean.find(secret); at != std::string::npos; at = clean.find(secret, at)) {
            clean.replace(at, secret.size(), redacted);
        }
    }
    scrub_after(clean, "Bearer ", 8);
    scrub_after(clean, "sk-", 16);
    return clean;
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
        append_json_string(line, scrub(value));
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
