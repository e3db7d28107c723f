#pragma once

#include <array>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "domain/error.hpp"
#include "domain/ledger_row.hpp"
#include "domain/ports/clock.hpp"
#include "domain/ports/rate_limit_store.hpp"
#include "domain/rate_limit.hpp"
#include "domain/request_context.hpp"

namespace llmgw::application {

// What rate limiting refuses, told to whoever logs and counts it.
class RateLimitEvents {
public:
    virtual ~RateLimitEvents() = default;
    virtual void refused(const domain::RequestContext& context, const domain::RateLimit& limit) = 0;
};

// The most a request may use, known at admission: its prompt's estimated
// tokens and its longest answer (every choice of it).
struct RateDemand {
    std::int64_t input_tokens = 0;
    std::int64_t output_tokens = 0;
};

// What an admitted request holds of its limits until it ends (this object's
// end, whichever way the request ends): its places among the requests under
// way, given back; and the tokens reserved for it, settled against what its
// ledger row says the providers billed (a cache hit billed nothing), given
// back or charged beyond the reservation. Exactly once.
class RateHold {
public:
    RateHold() = default;
    RateHold(domain::RateLimitStore& store, domain::RateTicket ticket, const domain::RequestContext& context,
             std::vector<domain::RateCharge> charges)
        : store_(&store), ticket_(ticket), row_(context.row), charges_(std::move(charges)) {}
    RateHold(RateHold&& other) noexcept
        : store_(std::exchange(other.store_, nullptr)),
          ticket_(other.ticket_),
          row_(other.row_),
          charges_(std::move(other.charges_)) {}
    RateHold& operator=(RateHold&& other) noexcept {
        if (this != &other) {
            settle();
            store_ = std::exchange(other.store_, nullptr);
            ticket_ = other.ticket_;
            row_ = other.row_;
            charges_ = std::move(other.charges_);
        }
        return *this;
    }
    ~RateHold() { settle(); }

private:
    void settle() noexcept;

    domain::RateLimitStore* store_ = nullptr;
    domain::RateTicket ticket_ = 0;
    const domain::LedgerRow* row_ = nullptr;
    std::vector<domain::RateCharge> charges_;
};

// The rate-limit stage of every request's policy: the limits of the whole
// gateway, the caller's key, team and project, and the model it asks for,
// all of which must admit it. Requests count one each; tokens are admitted
// by reservation (the request's worst case, settled by its RateHold), so a
// burst of long requests cannot overrun a token limit. The counters are the
// store's; the state of the tightest request and token windows is told to
// the front door (context.rate_limit_status) for the caller's headers.
class RateLimiting {
public:
    // No limits: every request is admitted, nothing is awaited.
    RateLimiting() = default;
    // `limits`' slots are their places in the list, as `store` counts them.
    RateLimiting(domain::RateLimitStore& store, const domain::Clock& clock, std::vector<domain::RateLimit> limits,
                 RateLimitEvents* events = nullptr);

    bool any() const noexcept { return !limits_.empty(); }

    // Admits a request for `model` that may use `demand`, or refuses it
    // with ErrorCode::rate_limit_exceeded naming the limit (and when to
    // try again, if ever), or with the store's error when its counters
    // cannot be reached.
    boost::asio::awaitable<domain::Result<RateHold>> admit(const domain::RequestContext& context,
                                                           std::string_view model, RateDemand demand) const;

private:
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view name) const noexcept { return std::hash<std::string_view>{}(name); }
    };
    using Owners = std::unordered_map<std::string, std::vector<const domain::RateLimit*>, NameHash, std::equal_to<>>;

    void charge(const Owners& owners, std::string_view owner, RateDemand demand,
                std::vector<domain::RateCharge>& into) const;
    domain::Error refusal(const domain::RequestContext& context, const domain::RateCharge& charge,
                          std::chrono::nanoseconds retry_after) const;
    void tell(const domain::RequestContext& context, std::span<const domain::RateCharge> charges,
              const domain::RateDecision& decision) const;

    domain::RateLimitStore* store_ = nullptr;
    const domain::Clock* clock_ = nullptr;
    RateLimitEvents* events_ = nullptr;
    std::vector<domain::RateLimit> limits_;
    std::vector<const domain::RateLimit*> global_;
    // By owner, for key, team, project and model.
    std::array<Owners, 4> owners_;
};

}  // namespace llmgw::application
