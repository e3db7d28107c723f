#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/policy_scope.hpp"

namespace llmgw::domain {

// What a rate limit counts: requests, tokens (input and output, or one of
// them), or requests under way at once.
enum class RateMeasure { requests, tokens, input_tokens, output_tokens, parallel };

std::string_view to_string(RateMeasure measure) noexcept;

// One limit of one owner (the key's id, the team's, project's or model's
// name; empty for the whole gateway): at most `limit` of `measure` in any
// `period`, or, for `parallel`, at once. `slot` is its place among the
// configured limits, where a store keeps its counter.
struct RateLimit {
    PolicyScope scope = PolicyScope::global;
    std::string owner;
    RateMeasure measure = RateMeasure::requests;
    std::chrono::seconds period{60};
    std::int64_t limit = 0;
    std::size_t slot = 0;

    bool counts_tokens() const noexcept {
        return measure == RateMeasure::tokens || measure == RateMeasure::input_tokens ||
               measure == RateMeasure::output_tokens;
    }
};

// A window's configuration name (rps, rpm, rph, rpd, tpm, tph, tpd,
// input_tpm, output_tpm): what it counts and over how long.
struct RateWindow {
    RateMeasure measure;
    std::chrono::seconds period;
};
std::optional<RateWindow> rate_window_named(std::string_view name) noexcept;

// How a limit reads to a person: "600 requests per minute for key
// search-ranker", "20 requests at once for team search".
std::string describe(const RateLimit& limit);

// What a caller is told of the limits that apply to it, on every answer
// (OpenAI's x-ratelimit-* headers): for requests and for tokens, the
// window with the least left.
struct RateLimitStatus {
    struct Window {
        std::int64_t limit = 0;
        std::int64_t remaining = 0;
        std::chrono::nanoseconds reset{0};  // until the window is whole again
    };
    std::optional<Window> requests;
    std::optional<Window> tokens;
};

// A duration as OpenAI writes its rate-limit resets: "20ms", "1s",
// "17.765s", "6m0s", "1h2m3s".
std::string reset_text(std::chrono::nanoseconds reset);

// The generic cell rate algorithm for one window limit, in nanoseconds of
// monotonic time: a token bucket of `limit` units that fills again at
// `limit` per period, kept as one number, the theoretical arrival time
// (TAT): when the bucket would be full again. Each unit moves it on by
// `interval` (the period over the limit, rounded up: never faster than
// the limit); an amount is admitted while the TAT stays within one whole
// bucket (`capacity_ns`) of now.
struct Gcra {
    std::int64_t interval_ns = 0;
    std::int64_t capacity_ns = 0;
    std::int64_t limit = 0;

    // Refused amounts larger than the whole bucket wait this long: forever.
    static constexpr std::int64_t never = INT64_MAX;

    static Gcra of(const RateLimit& limit) noexcept;

    struct Step {
        bool admitted = false;
        std::int64_t tat = 0;      // the counter after it (unchanged when refused)
        std::int64_t wait_ns = 0;  // when refused: until it would be admitted
    };
    // Takes `amount` at `now` from a counter at `tat`.
    Step take(std::int64_t tat, std::int64_t now, std::int64_t amount) const noexcept;
    // Gives `amount` back (negative: takes that much more, admitted or not).
    std::int64_t give_back(std::int64_t tat, std::int64_t amount) const noexcept;
    std::int64_t remaining(std::int64_t tat, std::int64_t now) const noexcept;
    std::int64_t reset_ns(std::int64_t tat, std::int64_t now) const noexcept;
};

}  // namespace llmgw::domain
