#include "domain/utc_time.hpp"

#include <cctype>
#include <cstdio>

namespace llmgw::domain {

std::string utc_timestamp(std::chrono::system_clock::time_point time) {
    using namespace std::chrono;
    const auto millis = floor<milliseconds>(time);
    const auto day = floor<days>(millis);
    const year_month_day date{day};
    const hh_mm_ss clock{millis - day};
    // Written digit by digit: every ledger row and log line has one, and
    // snprintf costs several times as much.
    std::string text = "0000-00-00T00:00:00.000Z";
    const auto put = [&](std::size_t end, long long value, int digits) {
        for (int i = 1; i <= digits; ++i, value /= 10) {
            text[end - static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
        }
    };
    // A system_clock time lies between the years 1677 and 2262: four digits.
    put(4, static_cast<int>(date.year()), 4);
    put(7, static_cast<unsigned>(date.month()), 2);
    put(10, static_cast<unsigned>(date.day()), 2);
    put(13, clock.hours().count(), 2);
    put(16, clock.minutes().count(), 2);
    put(19, clock.seconds().count(), 2);
    put(23, clock.subseconds().count(), 3);
    return text;
}

std::optional<std::chrono::system_clock::time_point> parse_utc_timestamp(std::string_view text) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    char t = 0;
    int used = 0;
    const std::string copy(text);
    const int fields = std::sscanf(copy.c_str(), "%4d-%2d-%2d%n%c%2d:%2d:%2d%n", &year, &month, &day, &used, &t, &hour,
                                   &minute, &second, &used);
    const bool date_only = fields == 3 && static_cast<std::size_t>(used) == text.size() && text.size() == 10;
    if (!date_only && (fields != 7 || (t != 'T' && t != 't' && t != ' '))) return std::nullopt;
    std::string_view rest = text.substr(static_cast<std::size_t>(used));
    std::chrono::milliseconds fraction{0};
    if (!rest.empty() && rest.front() == '.') {
        rest.remove_prefix(1);
        int digits = 0;
        while (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest.front()))) {
            if (digits++ < 3) fraction = fraction * 10 + std::chrono::milliseconds(rest.front() - '0');
            rest.remove_prefix(1);
        }
        if (digits == 0) return std::nullopt;
        for (; digits < 3; ++digits) fraction *= 10;
    }
    int offset_minutes = 0;
    if (date_only) {
        rest = {};
    } else if (rest.empty()) {
        return std::nullopt;  // a time without its zone is no time
    } else if (rest == "Z" || rest == "z") {
        rest = {};
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
        const int hours = (rest[1] - '0') * 10 + (rest[2] - '0'), minutes = (rest[4] - '0') * 10 + (rest[5] - '0');
        offset_minutes = (rest[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
        rest = {};
    }
    const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                           std::chrono::day(static_cast<unsigned>(day))};
    if (!rest.empty() || !date.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
    return std::chrono::sys_days(date) + std::chrono::hours(hour) + std::chrono::minutes(minute - offset_minutes) +
           std::chrono::seconds(second) + fraction;
}

}  // namespace llmgw::domain
