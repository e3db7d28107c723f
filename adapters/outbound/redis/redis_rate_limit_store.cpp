#include "adapters/outbound/redis/redis_rate_limit_store.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace llmgw::adapters::redis {
namespace {

// A set of places expires when its longest lease ends: an expiry is only
// ever moved on (instances may have leases of different lengths).
constexpr std::string_view expire_places = R"lua(
local function expire_places(key, lease_us)
  local ms = math.ceil(lease_us / 1000)
  if redis.call('PTTL', key) < 0 then
    redis.call('PEXPIRE', key, ms)
  else
    redis.call('PEXPIRE', key, ms, 'GT')
  end
end
)lua";

// What the take and give-back scripts begin with: Redis's clock in microseconds (exact in
// Lua's doubles for centuries), and a window's level: what it held,
// drained at `limit` per `period` since it was written.
constexpr std::string_view clock_and_levels = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local function level_of(key, limit, period)
  local state = redis.call('HMGET', key, 'level', 'at')
  if not state[1] then return 0 end
  local drained = math.max(0, now - tonumber(state[2])) * limit / period
  return math.max(0, tonumber(state[1]) - drained)
end
-- Writes a level (gone once empty, expiring when it would be); returns
-- the microseconds until it is empty.
local function write_level(key, level, limit, period)
  if level <= 0 then
    redis.call('DEL', key)
    return 0
  end
  local empty_in = math.ceil(level * period / limit)
  redis.call('HSET', key, 'level', string.format('%.17g', level), 'at', string.format('%.0f', now))
  redis.call('PEXPIRE', key, math.ceil(empty_in / 1000) + 1)
  return empty_in
end
)lua";

// KEYS: one counter per charge. ARGV: the ticket's member, the lease of a
// place (µs), then per charge its kind, limit, period (µs) and amount.
// Replies {1, remaining, reset µs, ...} when every charge was taken, or
// {0, the refusing charge (from 1), µs to wait (-1: never)}.
const RedisScript take_script(std::string(clock_and_levels) + std::string(expire_places) + R"lua(
local member, lease = ARGV[1], tonumber(ARGV[2])
local held = {}
for i, key in ipairs(KEYS) do
  local at = 3 + (i - 1) * 4
  local kind, limit, period, amount = ARGV[at], tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
  if kind == 'p' then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now)
    held[i] = redis.call('ZCARD', key)
    if held[i] + amount > limit then return {0, i, 0} end
  else
    if amount > limit then return {0, i, -1} end
    held[i] = level_of(key, limit, period)
    if held[i] + amount > limit then return {0, i, math.ceil((held[i] + amount - limit) * period / limit)} end
  end
end
local left = {1}
for i, key in ipairs(KEYS) do
  local at = 3 + (i - 1) * 4
  local kind, limit, period, amount = ARGV[at], tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
  if kind == 'p' then
    redis.call('ZADD', key, string.format('%.0f', now + lease), member)
    expire_places(key, lease)
    left[#left + 1] = limit - held[i] - amount
    left[#left + 1] = 0
  else
    local level = held[i] + amount
    left[#left + 1] = math.floor(limit - level)
    left[#left + 1] = write_level(key, level, limit, period)
  end
end
return left
)lua");

// KEYS and ARGV as for take (without the lease): places are given back,
// window amounts returned (negative: charged), a debt at most one limit.
const RedisScript give_back_script(std::string(clock_and_levels) + R"lua(
local member = ARGV[1]
for i, key in ipairs(KEYS) do
  local at = 2 + (i - 1) * 4
  local kind, limit, period, amount = ARGV[at], tonumber(ARGV[at + 1]), tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
  if kind == 'p' then
    redis.call('ZREM', key, member)
  elseif amount ~= 0 then
    local level = level_of(key, limit, period) - math.max(-limit, math.min(limit, amount))
    write_level(key, level, limit, period)
  end
end
return 1
)lua");

// KEYS: one set of places per place. ARGV: the lease (µs), then each
// place's member. A place given back meanwhile stays gone (XX).
const RedisScript renew_script(std::string(expire_places) + R"lua(
local t = redis.call('TIME')
local lease_end = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[1]))
for i, key in ipairs(KEYS) do
  if redis.call('ZADD', key, 'XX', 'CH', lease_end, ARGV[i + 1]) > 0 then
    expire_places(key, tonumber(ARGV[1]))
  end
end
return 1
)lua");

constexpr int ticket_bits = 48;

}  // namespace

RedisRateLimitStore::RedisRateLimitStore(RedisClient& client, const std::vector<domain::RateLimit>& limits,
                                         SharedStateOptions options, std::chrono::milliseconds parallel_lease)
    : SharedStateBase(client, std::move(options)), parallel_lease_(parallel_lease) {
    counters_.resize(limits.size());
    for (const auto& limit : limits) {
        const bool parallel = limit.measure == domain::RateMeasure::parallel;
        counters_[limit.slot] = Counter{
            .key = key_of(limit),
            .kind = parallel ? "p" : "w",
            .limit = std::to_string(limit.limit),
            .period_us = std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(limit.period).count())};
    }
}

std::string RedisRateLimitStore::key_of(const domain::RateLimit& limit) const {
    // The owner last: whatever it holds, the fields before it stay apart.
    std::string key = options_.key_prefix + "rate:" + std::string(domain::to_string(limit.scope)) + ":";
    for (const char c : domain::to_string(limit.measure)) key += c == ' ' ? '_' : c;
    if (limit.measure != domain::RateMeasure::parallel) key += ":" + std::to_string(limit.period.count());
    return key + ":" + limit.owner;
}

std::string RedisRateLimitStore::member(domain::RateTicket ticket) const {
    return instance_ + ":" + std::to_string(ticket);
}

void RedisRateLimitStore::append_counter(const domain::RateCharge& charge, std::vector<std::string>& keys,
                                         std::vector<std::string>& arguments) const {
    const auto& counter = counters_[charge.limit->slot];
    keys.push_back(counter.key);
    arguments.push_back(counter.kind);
    arguments.push_back(counter.limit);
    arguments.push_back(counter.period_us);
    arguments.push_back(std::to_string(charge.amount));
}

boost::asio::awaitable<domain::Result<domain::RateDecision>> RedisRateLimitStore::take(
    std::span<const domain::RateCharge> charges, std::chrono::steady_clock::time_point) {
    const auto loop = co_await loop_here();
    const auto ticket = (domain::RateTicket{loop} << ticket_bits) |
                        (next_ticket_.fetch_add(1, std::memory_order_relaxed) & ((1ull << ticket_bits) - 1));
    std::vector<std::string> keys;
    std::vector<std::string> arguments{
        member(ticket),
        std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(parallel_lease_).count())};
    keys.reserve(charges.size());
    arguments.reserve(2 + 4 * charges.size());
    for (const auto& charge : charges) append_counter(charge, keys, arguments);

    const auto reply = co_await decide(take_script, keys, arguments, "rate-limit counters");
    if (!reply) co_return reply.error();
    const auto& elements = reply.value().elements;
    domain::RateDecision decision;
    if (integer_of(elements[0]) == 0 && elements.size() == 3) {
        const auto refused = integer_of(elements[1]) - 1;
        if (refused < 0 || static_cast<std::size_t>(refused) >= charges.size()) {
            co_return domain::make_error(domain::ErrorCode::shared_state_unavailable,
                                         "The gateway's shared rate-limit counters answered with no such limit");
        }
        decision.refused_by = static_cast<std::size_t>(refused);
        const auto wait_us = integer_of(elements[2]);
        decision.retry_after = std::chrono::nanoseconds(wait_us < 0 ? domain::Gcra::never : wait_us * 1000);
        co_return decision;
    }
    if (elements.size() != 1 + 2 * charges.size()) {
        co_return domain::make_error(domain::ErrorCode::shared_state_unavailable,
                                     "The gateway's shared rate-limit counters answered for other limits");
    }
    decision.left.reserve(charges.size());
    for (std::size_t i = 0; i < charges.size(); ++i) {
        decision.left.push_back({integer_of(elements[1 + 2 * i]),
                                 std::chrono::microseconds(integer_of(elements[2 + 2 * i]))});
    }
    decision.ticket = ticket;
    hold_places(ticket, charges);
    co_return decision;
}

void RedisRateLimitStore::hold_places(domain::RateTicket ticket, std::span<const domain::RateCharge> charges) {
    std::vector<std::size_t> slots;
    for (const auto& charge : charges) {
        if (charge.limit->measure == domain::RateMeasure::parallel) slots.push_back(charge.limit->slot);
    }
    if (slots.empty()) return;
    std::lock_guard lock(places_mutex_);
    open_places_.emplace(ticket, std::move(slots));
    if (renewing_) return;
    renewing_ = true;
    run_on(static_cast<std::uint16_t>(ticket >> ticket_bits), renew_places());
}

boost::asio::awaitable<void> RedisRateLimitStore::renew_places() {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    const auto lease_us = std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(parallel_lease_).count());
    for (;;) {
        timer.expires_after(parallel_lease_ / 3);
        co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        std::vector<std::string> keys;
        std::vector<std::string> arguments{lease_us};
        {
            std::lock_guard lock(places_mutex_);
            if (open_places_.empty()) {
                renewing_ = false;
                co_return;
            }
            for (const auto& [ticket, slots] : open_places_) {
                for (const auto slot : slots) {
                    keys.push_back(counters_[slot].key);
                    arguments.push_back(member(ticket));
                }
            }
        }
        // A renewal Redis misses is tried again a third of a lease later.
        [[maybe_unused]] const auto renewed = co_await run(renew_script, keys, arguments);
    }
}

void RedisRateLimitStore::give_back(domain::RateTicket ticket, std::span<const domain::RateCharge> returns) noexcept {
    try {
        {
            std::lock_guard lock(places_mutex_);
            open_places_.erase(ticket);
        }
        std::vector<std::string> keys;
        std::vector<std::string> arguments{member(ticket)};
        for (const auto& charge : returns) {
            if (charge.amount == 0 && charge.limit->measure != domain::RateMeasure::parallel) continue;
            append_counter(charge, keys, arguments);
        }
        if (keys.empty()) return;
        run_detached(static_cast<std::uint16_t>(ticket >> ticket_bits), give_back_script, std::move(keys),
                     std::move(arguments));
    } catch (...) {
        // Lost, as a give-back Redis never got would be: the window drains
        // and the place's lease ends.
    }
}

}  // namespace llmgw::adapters::redis
