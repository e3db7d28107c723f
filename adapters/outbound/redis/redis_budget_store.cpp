#include "adapters/outbound/redis/redis_budget_store.hpp"

namespace llmgw::adapters::redis {
namespace {
using std::chrono::milliseconds;

// Redis's clock in milliseconds, and what lapsed holds on an account
// give back.
constexpr std::string_view clock_and_lapses = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function end_hold(account, holds, amounts, member)
  local held = redis.call('HGET', amounts, member)
  if held and held ~= '0' then redis.call('HINCRBY', account, 'reserved', '-' .. held) end
  redis.call('HDEL', amounts, member)
  redis.call('ZREM', holds, member)
end
)lua";

// KEYS: account, holds and amounts per budget. ARGV: the hold's member,
// amount and expiry (ms), then per budget its limit, period start (s) and
// when its keys expire (ms; 0: never). Replies {1, spent, reserved, ...}
// when every budget had room and is charged, or {0, the refusing budget
// (from 1)}.
const RedisScript reserve_script(std::string(clock_and_lapses) + R"lua(
local member, amount, expires = ARGV[1], ARGV[2], ARGV[3]
local budgets = #KEYS / 3
for i = 1, budgets do
  local account, holds, amounts = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  local limit, period = tonumber(ARGV[1 + 3 * i]), ARGV[2 + 3 * i]
  for _, lapsed in ipairs(redis.call('ZRANGEBYSCORE', holds, '-inf', now)) do
    end_hold(account, holds, amounts, lapsed)
  end
  local state = redis.call('HMGET', account, 'period', 'spent', 'reserved')
  if not state[1] or tonumber(state[1]) < tonumber(period) then
    -- A new period: what was spent before no longer counts.
    redis.call('HSET', account, 'period', period, 'spent', '0')
    state[2] = '0'
  end
  if tonumber(state[2] or '0') + tonumber(state[3] or '0') + tonumber(amount) > limit then return {0, i} end
end
local standings = {1}
for i = 1, budgets do
  local account, holds, amounts = KEYS[3 * i - 2], KEYS[3 * i - 1], KEYS[3 * i]
  redis.call('HINCRBY', account, 'reserved', amount)
  redis.call('ZADD', holds, expires, member)
  redis.call('HSET', amounts, member, amount)
  local expire_at = ARGV[3 + 3 * i]
  if expire_at ~= '0' then
    for _, key in ipairs({account, holds, amounts}) do redis.call('PEXPIREAT', key, expire_at) end
  end
  local state = redis.call('HMGET', account, 'spent', 'reserved')
  standings[#standings + 1] = state[1]
  standings[#standings + 1] = state[2]
end
return standings
)lua");

// KEYS as for reserve. ARGV: the hold's member and its cost (empty: it is
// released). A hold that lapsed meanwhile is still booked. Replies
// {spent, reserved, ...}.
const RedisScript end_script(std::string(clock_and_lapses) + R"lua(
local member, cost = ARGV[1], ARGV[2]
local standings = {}
for i = 1, #KEYS / 3 do
  local account = KEYS[3 * i - 2]
  end_hold(account, KEYS[3 * i - 1], KEYS[3 * i], member)
  if cost ~= '' and cost ~= '0' then redis.call('HINCRBY', account, 'spent', cost) end
  local state = redis.call('HMGET', account, 'spent', 'reserved')
  standings[#standings + 1] = state[1] or '0'
  standings[#standings + 1] = state[2] or '0'
end
return standings
)lua");

// KEYS: an account. ARGV: its period start (s), the spend to keep at least
// and when its key expires (0: never). Replies {spent, reserved}.
const RedisScript restore_script(R"lua(
local state = redis.call('HMGET', KEYS[1], 'period', 'spent')
if not state[1] or tonumber(state[1]) < tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'period', ARGV[1], 'spent', ARGV[2])
elseif tonumber(state[1]) == tonumber(ARGV[1]) and tonumber(state[2] or '0') < tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], 'spent', ARGV[2])
end
if ARGV[3] ~= '0' then redis.call('PEXPIREAT', KEYS[1], ARGV[3]) end
local after = redis.call('HMGET', KEYS[1], 'spent', 'reserved')
return {after[1] or '0', after[2] or '0'}
)lua");

// KEYS: an account. ARGV: its current period start (s). Replies
// {spent, reserved}; spent in an earlier period counts as none.
const RedisScript read_script(R"lua(
local state = redis.call('HMGET', KEYS[1], 'period', 'spent', 'reserved')
local spent = state[2] or '0'
if not state[1] or tonumber(state[1]) < tonumber(ARGV[1]) then spent = '0' end
return {spent, state[3] or '0'}
)lua");

std::string seconds_text(std::chrono::system_clock::time_point at) {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count());
}

std::string milliseconds_text(std::chrono::system_clock::time_point at) {
    return std::to_string(std::chrono::duration_cast<milliseconds>(at.time_since_epoch()).count());
}

// When an account's keys expire: two hours after its period ends (longer
// than any hold lives), or never for a budget that never resets.
std::string expiry_of(const domain::BudgetLine& line) {
    return line.resets_at ? milliseconds_text(*line.resets_at + std::chrono::hours(2)) : "0";
}

constexpr std::size_t max_views = 10'000;
constexpr auto view_lifetime = std::chrono::seconds(1);

}  // namespace

RedisBudgetStore::RedisBudgetStore(RedisClient& client, const domain::Clock& clock, SharedStateOptions options)
    : SharedStateBase(client, std::move(options)), clock_(clock) {}

void RedisBudgetStore::append_keys(const std::string& account, std::vector<std::string>& keys) const {
    keys.push_back(options_.key_prefix + "budget:" + account);
    keys.push_back(options_.key_prefix + "budget-holds:" + account);
    keys.push_back(options_.key_prefix + "budget-amounts:" + account);
}

void RedisBudgetStore::note_standings(const std::vector<std::string>& accounts, const Reply& reply,
                                      std::size_t first) const {
    if (reply.kind != Reply::Kind::array) return;
    const auto& elements = reply.elements;
    const auto now = clock_.monotonic();
    std::lock_guard lock(holds_mutex_);
    if (views_.size() + accounts.size() > max_views) views_.clear();
    for (std::size_t i = 0; i < accounts.size() && first + 2 * i + 1 < elements.size(); ++i) {
        views_[accounts[i]] = View{{{integer_of(elements[first + 2 * i])}, {integer_of(elements[first + 2 * i + 1])}},
                                   now};
    }
}

boost::asio::awaitable<void> RedisBudgetStore::send_restores() {
    std::vector<std::pair<domain::BudgetLine, domain::NanoDollars>> restores;
    {
        std::lock_guard lock(holds_mutex_);
        restores.swap(restores_);
    }
    for (std::size_t i = 0; i < restores.size(); ++i) {
        const auto& [line, spent] = restores[i];
        const std::vector<std::string> keys{options_.key_prefix + "budget:" + line.account};
        const std::vector<std::string> arguments{seconds_text(line.period_start), std::to_string(spent.value),
                                                 expiry_of(line)};
        const auto reply = co_await run(restore_script, keys, arguments);
        if (!reply || reply.value().kind == Reply::Kind::error) {
            // Tried again ahead of the next reservation.
            std::lock_guard lock(holds_mutex_);
            restores_.insert(restores_.end(), restores.begin() + static_cast<std::ptrdiff_t>(i), restores.end());
            co_return;
        }
        note_standings({line.account}, reply.value(), 0);
    }
}

boost::asio::awaitable<domain::Result<domain::ReservationId>> RedisBudgetStore::reserve(const domain::Hold& hold) {
    const auto loop = co_await loop_here();
    bool restoring = false;
    {
        std::lock_guard lock(holds_mutex_);
        restoring = !restores_.empty();
    }
    if (restoring) co_await send_restores();
    if (hold.budgets.empty()) {
        // Nothing to hold in Redis: the reservation is this instance's only.
        const auto id = next_id_.fetch_add(1, std::memory_order_relaxed);
        std::lock_guard lock(holds_mutex_);
        holds_.emplace(id, OpenHold{loop, hold.amount, {}, {}});
        co_return id;
    }

    const auto id = next_id_.fetch_add(1, std::memory_order_relaxed);
    OpenHold open{loop, hold.amount, {}, {}};
    std::vector<std::string> arguments{instance_ + ":" + std::to_string(id), std::to_string(hold.amount.value),
                                       milliseconds_text(hold.expires_at)};
    for (const auto& line : hold.budgets) {
        append_keys(line.account, open.keys);
        open.accounts.push_back(line.account);
        arguments.push_back(std::to_string(line.budget.limit.value));
        arguments.push_back(seconds_text(line.period_start));
        arguments.push_back(expiry_of(line));
    }
    const auto reply = co_await decide(reserve_script, open.keys, arguments, "budgets");
    if (!reply) co_return reply.error();
    const auto& elements = reply.value().elements;
    if (integer_of(elements[0]) == 0) {
        const auto refused = elements.size() == 2 ? integer_of(elements[1]) - 1 : -1;
        if (refused < 0 || static_cast<std::size_t>(refused) >= hold.budgets.size()) {
            co_return domain::make_error(domain::ErrorCode::shared_state_unavailable,
                                         "The gateway's shared budgets refused a budget it was not asked about");
        }
        co_return domain::budget_exceeded(hold.budgets[static_cast<std::size_t>(refused)], clock_.now());
    }
    note_standings(open.accounts, reply.value(), 1);
    std::lock_guard lock(holds_mutex_);
    holds_.emplace(id, std::move(open));
    co_return id;
}

void RedisBudgetStore::end(domain::ReservationId reservation, std::optional<domain::NanoDollars> cost) noexcept {
    try {
        OpenHold open;
        {
            std::lock_guard lock(holds_mutex_);
            const auto found = holds_.find(reservation);
            if (found == holds_.end()) return;  // already ended
            open = std::move(found->second);
            holds_.erase(found);
            // Seen here at once (an alert checks right after a settle);
            // Redis's reply corrects it.
            for (const auto& account : open.accounts) {
                if (const auto view = views_.find(account); view != views_.end()) {
                    view->second.standing.reserved -= open.amount;
                    if (cost) view->second.standing.spent += *cost;
                }
            }
        }
        if (open.keys.empty()) return;
        std::vector<std::string> arguments{instance_ + ":" + std::to_string(reservation),
                                           cost ? std::to_string(cost->value) : std::string()};
        run_detached(open.loop, end_script, std::move(open.keys), std::move(arguments),
                     [this, accounts = std::move(open.accounts)](const Reply& reply) {
                         note_standings(accounts, reply, 0);
                     });
    } catch (...) {
        // Lost, as an end Redis never got would be: the hold lapses.
    }
}

void RedisBudgetStore::settle(domain::ReservationId reservation, domain::NanoDollars cost) noexcept {
    end(reservation, cost);
}

void RedisBudgetStore::release(domain::ReservationId reservation) noexcept { end(reservation, std::nullopt); }

RedisBudgetStore::Standing RedisBudgetStore::standing(const domain::BudgetLine& line) const {
    Standing known;
    bool stale = true;
    {
        std::lock_guard lock(holds_mutex_);
        if (const auto found = views_.find(line.account); found != views_.end()) {
            known = found->second.standing;
            stale = clock_.monotonic() - found->second.read_at > view_lifetime;
        } else {
            for (const auto& [restored, spent] : restores_) {
                if (restored.account == line.account) known.spent = spent;
            }
        }
    }
    if (stale && any_loop()) {
        run_detached(0, read_script, {options_.key_prefix + "budget:" + line.account}, {seconds_text(line.period_start)},
                     [this, account = line.account](const Reply& reply) { note_standings({account}, reply, 0); });
    }
    return known;
}

void RedisBudgetStore::restore(const domain::BudgetLine& line, domain::NanoDollars spent) {
    std::lock_guard lock(holds_mutex_);
    restores_.emplace_back(line, spent);
}

std::size_t RedisBudgetStore::open_reservations() const {
    std::lock_guard lock(holds_mutex_);
    return holds_.size();
}

}  // namespace llmgw::adapters::redis
