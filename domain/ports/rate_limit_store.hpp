#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "domain/error.hpp"
#include "domain/rate_limit.hpp"

namespace llmgw::domain {

// What one request takes from one limit: one request, its worst-case
// tokens, one place among those under way.
struct RateCharge {
    const RateLimit* limit = nullptr;
    std::int64_t amount = 0;
};

// What a set of charges taken together is known by until it ends.
using RateTicket = std::uint64_t;

// What a store says of a set of charges: taken, with what each limit has
// left, or refused by the first limit without room.
struct RateDecision {
    struct Left {
        std::int64_t remaining = 0;
        std::chrono::nanoseconds reset{0};
    };
    std::vector<Left> left;  // one per charge, when admitted
    std::optional<std::size_t> refused_by;  // the charge's index
    std::chrono::nanoseconds retry_after{0};  // Gcra::never when it can never fit
    RateTicket ticket = 0;  // when admitted
};

// The counters behind rate limits: this instance's, or shared by every
// instance (Redis). The application decides which limits apply and how much
// a request takes; the store only counts, atomically.
class RateLimitStore {
public:
    virtual ~RateLimitStore() = default;
    // Takes every charge at `now` (this instance's monotonic time; a store
    // shared by instances keeps one clock of its own), or none of them. An
    // error says the counters cannot be reached
    // (ErrorCode::shared_state_unavailable), never that a limit refused.
    virtual boost::asio::awaitable<Result<RateDecision>> take(std::span<const RateCharge> charges,
                                                              std::chrono::steady_clock::time_point now) = 0;
    // Ends what `ticket` took, once: a `parallel` charge gives its place
    // back; any other gives `amount` back to its limit (negative: takes that
    // much more, for usage beyond what was reserved; zero: nothing). Never
    // waits, never fails: it runs on every path out of a request.
    virtual void give_back(RateTicket ticket, std::span<const RateCharge> returns) noexcept = 0;
};

}  // namespace llmgw::domain
