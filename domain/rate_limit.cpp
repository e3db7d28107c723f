#include "domain/rate_limit.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>

namespace llmgw::domain {

std::string_view to_string(RateMeasure measure) noexcept {
    switch (measure) {
    case RateMeasure::requests: return "requests";
    case RateMeasure::tokens: return "tokens";
    case RateMeasure::input_tokens: return "input tokens";
    case RateMeasure::output_tokens: return "output tokens";
    case RateMeasure::parallel: return "requests at once";
    }
    return "requests";
}

std::optional<RateWindow> rate_window_named(std::string_view name) noexcept {
    using std::chrono::seconds;
    constexpr seconds second{1}, minute{60}, hour{3600}, day{86'400};
    struct Named {
        std::string_view name;
        RateWindow window;
    };
    static constexpr std::array<Named, 9> windows{{
        {"rps", {RateMeasure::requests, second}},
        {"rpm", {RateMeasure::requests, minute}},
        {"rph", {RateMeasure::requests, hour}},
        {"rpd", {RateMeasure::requests, day}},
        {"tpm", {RateMeasure::tokens, minute}},
        {"tph", {RateMeasure::tokens, hour}},
        {"tpd", {RateMeasure::tokens, day}},
        {"input_tpm", {RateMeasure::input_tokens, minute}},
        {"output_tpm", {RateMeasure::output_tokens, minute}},
    }};
    for (const auto& named : windows) {
        if (named.name == name) return named.window;
    }
    return std::nullopt;
}

std::string describe(const RateLimit& limit) {
    std::string text = std::to_string(limit.limit) + " " + std::string(to_string(limit.measure));
    if (limit.measure != RateMeasure::parallel) {
        const auto seconds = limit.period.count();
        text += seconds == 1 ? " per second" : seconds == 60 ? " per minute" : seconds == 3600 ? " per hour" : " per day";
    }
    if (limit.scope == PolicyScope::global) return text + " for the whole gateway";
    return text + " for " + std::string(to_string(limit.scope)) + " " + limit.owner;
}

std::string reset_text(std::chrono::nanoseconds reset) {
    const auto ms = std::max<std::int64_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(reset + std::chrono::nanoseconds(999'999)).count(), 0);
    if (ms < 1000) return std::to_string(ms) + "ms";
    const auto hours = ms / 3'600'000;
    const auto minutes = ms / 60'000 % 60;
    const auto millis = ms % 60'000;
    std::string text;
    if (hours > 0) text += std::to_string(hours) + "h";
    if (hours > 0 || minutes > 0) text += std::to_string(minutes) + "m";
    text += std::to_string(millis / 1000);
    if (const auto fraction = millis % 1000) {
        char digits[8];
        std::snprintf(digits, sizeof digits, ".%03lld", static_cast<long long>(fraction));
        std::string_view written(digits);
        while (written.back() == '0') written.remove_suffix(1);
        text += written;
    }
    return text + "s";
}

Gcra Gcra::of(const RateLimit& limit) noexcept {
    const auto period = std::chrono::duration_cast<std::chrono::nanoseconds>(limit.period).count();
    const auto units = std::max<std::int64_t>(limit.limit, 1);
    const auto interval = (period + units - 1) / units;
    return Gcra{.interval_ns = interval, .capacity_ns = interval * units, .limit = units};
}

Gcra::Step Gcra::take(std::int64_t tat, std::int64_t now, std::int64_t amount) const noexcept {
    if (amount > limit) return Step{false, tat, never};
    const auto next = std::max(tat, now) + std::max<std::int64_t>(amount, 0) * interval_ns;
    if (next - now > capacity_ns) return Step{false, tat, next - now - capacity_ns};
    return Step{true, next, 0};
}

std::int64_t Gcra::give_back(std::int64_t tat, std::int64_t amount) const noexcept {
    // A debt bigger than a whole window is kept at one window: it waits the
    // caller out for a period at most.
    return tat - std::clamp<std::int64_t>(amount, -limit, limit) * interval_ns;
}

std::int64_t Gcra::remaining(std::int64_t tat, std::int64_t now) const noexcept {
    const auto used = std::max<std::int64_t>(tat - now, 0);
    return std::clamp<std::int64_t>((capacity_ns - used) / interval_ns, 0, limit);
}

std::int64_t Gcra::reset_ns(std::int64_t tat, std::int64_t now) const noexcept {
    return std::max<std::int64_t>(tat - now, 0);
}

}  // namespace llmgw::domain
