#include "application/rate_limiting.hpp"

#include <algorithm>

namespace llmgw::application {
namespace {

constexpr std::size_t owners_index(domain::PolicyScope scope) noexcept {
    return static_cast<std::size_t>(scope) - static_cast<std::size_t>(domain::PolicyScope::key);
}

std::int64_t amount_of(const domain::RateLimit& limit, RateDemand demand) noexcept {
    switch (limit.measure) {
    case domain::RateMeasure::requests:
    case domain::RateMeasure::parallel: return 1;
    case domain::RateMeasure::tokens: return demand.input_tokens + demand.output_tokens;
    case domain::RateMeasure::input_tokens: return demand.input_tokens;
    case domain::RateMeasure::output_tokens: return demand.output_tokens;
    }
    return 1;
}

// What the providers billed of a limit's measure, as its ledger row says.
std::int64_t billed(const domain::RateLimit& limit, const domain::LedgerRow& row) noexcept {
    if (row.cache_hit) return 0;
    switch (limit.measure) {
    case domain::RateMeasure::tokens: return row.usage.prompt_tokens + row.usage.completion_tokens;
    case domain::RateMeasure::input_tokens: return row.usage.prompt_tokens;
    case domain::RateMeasure::output_tokens: return row.usage.completion_tokens;
    case domain::RateMeasure::requests:
    case domain::RateMeasure::parallel: return 0;
    }
    return 0;
}

}  // namespace

void RateHold::settle() noexcept {
    if (!store_) return;
    // The charges become what goes back, in place: nothing to allocate here.
    for (auto& charge : charges_) {
        if (charge.limit->measure == domain::RateMeasure::parallel) continue;  // its place, whole
        // What was reserved and not billed goes back; billed beyond it is
        // taken. A request, once admitted, stays counted.
        charge.amount = charge.limit->counts_tokens() && row_ ? charge.amount - billed(*charge.limit, *row_) : 0;
    }
    store_->give_back(ticket_, charges_);
    store_ = nullptr;
}

RateLimiting::RateLimiting(domain::RateLimitStore& store, const domain::Clock& clock,
                           std::vector<domain::RateLimit> limits, RateLimitEvents* events)
    : store_(&store), clock_(&clock), events_(events), limits_(std::move(limits)) {
    for (std::size_t i = 0; i < limits_.size(); ++i) {
        auto& limit = limits_[i];
        limit.slot = i;
        if (limit.scope == domain::PolicyScope::global) {
            global_.push_back(&limit);
        } else {
            owners_[owners_index(limit.scope)][limit.owner].push_back(&limit);
        }
    }
}

void RateLimiting::charge(const Owners& owners, std::string_view owner, RateDemand demand,
                          std::vector<domain::RateCharge>& into) const {
    if (owner.empty()) return;
    const auto found = owners.find(owner);
    if (found == owners.end()) return;
    for (const auto* limit : found->second) into.push_back({limit, amount_of(*limit, demand)});
}

boost::asio::awaitable<domain::Result<RateHold>> RateLimiting::admit(const domain::RequestContext& context,
                                                                     std::string_view model,
                                                                     RateDemand demand) const {
    if (limits_.empty()) co_return RateHold{};
    std::vector<domain::RateCharge> charges;
    for (const auto* limit : global_) charges.push_back({limit, amount_of(*limit, demand)});
    const auto& caller = context.caller;
    charge(owners_[owners_index(domain::PolicyScope::key)], caller.api_key_id, demand, charges);
    charge(owners_[owners_index(domain::PolicyScope::team)], caller.team, demand, charges);
    charge(owners_[owners_index(domain::PolicyScope::project)], caller.project, demand, charges);
    charge(owners_[owners_index(domain::PolicyScope::model)], model, demand, charges);
    if (charges.empty()) co_return RateHold{};

    auto taken = co_await store_->take(charges, clock_->monotonic());
    if (!taken) co_return std::move(taken).error();
    const auto& decision = taken.value();
    if (decision.refused_by) co_return refusal(context, charges[*decision.refused_by], decision.retry_after);
    tell(context, charges, decision);
    co_return RateHold(*store_, decision.ticket, context, std::move(charges));
}

domain::Error RateLimiting::refusal(const domain::RequestContext& context, const domain::RateCharge& charge,
                                    std::chrono::nanoseconds retry_after) const {
    const auto& limit = *charge.limit;
    if (events_) events_->refused(context, limit);
    auto error = domain::make_error(domain::ErrorCode::rate_limit_exceeded, "Rate limit reached: " + describe(limit));
    error.exhausted = limit.counts_tokens() ? "tokens" : "requests";
    if (retry_after.count() == domain::Gcra::never) {
        error.message += ". This request may use up to " + std::to_string(charge.amount) +
                         " tokens, more than the limit allows at all; lower max_tokens or the prompt.";
    } else if (limit.measure == domain::RateMeasure::parallel) {
        error.message += ". Try again when one of them has finished.";
        error.retry_after = std::chrono::seconds(1);
    } else {
        const auto seconds = std::chrono::ceil<std::chrono::seconds>(retry_after);
        error.retry_after = std::max(seconds, std::chrono::seconds(1));
        error.message += ". Try again in " + domain::reset_text(retry_after) + ".";
    }
    if (context.rate_limit_status && limit.measure != domain::RateMeasure::parallel) {
        auto& window = limit.counts_tokens() ? context.rate_limit_status->tokens : context.rate_limit_status->requests;
        window = domain::RateLimitStatus::Window{limit.limit, 0, retry_after.count() == domain::Gcra::never
                                                                     ? std::chrono::nanoseconds(limit.period)
                                                                     : retry_after};
    }
    return error;
}

void RateLimiting::tell(const domain::RequestContext& context, std::span<const domain::RateCharge> charges,
                        const domain::RateDecision& decision) const {
    if (!context.rate_limit_status) return;
    auto& status = *context.rate_limit_status;
    for (std::size_t i = 0; i < charges.size(); ++i) {
        const auto& limit = *charges[i].limit;
        if (limit.measure == domain::RateMeasure::parallel) continue;  // no window to tell
        auto& window = limit.counts_tokens() ? status.tokens : status.requests;
        const auto& left = decision.left[i];
        // The tightest window is the one the caller runs into first.
        if (!window || left.remaining < window->remaining) {
            window = domain::RateLimitStatus::Window{limit.limit, left.remaining, left.reset};
        }
    }
}

}  // namespace llmgw::application
