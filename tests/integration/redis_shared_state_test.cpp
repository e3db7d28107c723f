// Rate-limit counters and budget holds in a real Redis (Debian's
// redis-server, started by the test), shared by two stores as two gateway
// instances would share them: the sum of both instances' admissions never
// exceeds a limit, a refusal takes nothing, what a request gives back
// frees its room, a crashed instance's places and holds lapse, restored
// spend keeps the larger figure, and a Redis that is down is this
// instance's counters (once told, every request counted) or a 503.
//
// Windows here are per hour or day: Redis's clock, which the scripts use,
// refills them by less than one unit while a test runs.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "adapters/outbound/redis/redis_budget_store.hpp"
#include "adapters/outbound/redis/redis_client.hpp"
#include "adapters/outbound/redis/redis_rate_limit_store.hpp"
#include "application/shared_state_fallback.hpp"
#include "infrastructure/memory_budget_store.hpp"
#include "infrastructure/memory_rate_limit_store.hpp"
#include "manual_clock.hpp"
#include "redis_server.hpp"
#include "run_awaitable.hpp"

namespace llmgw::testing {
namespace {
using namespace adapters::redis;
using std::chrono::milliseconds;
using std::chrono::seconds;

RedisEndpoint endpoint_of(const RedisServer& server) {
    auto endpoint = parse_redis_url(server.url());
    if (!endpoint) throw std::runtime_error(endpoint.error().message);
    return endpoint.value();
}

domain::RateLimit limit_of(domain::RateMeasure measure, std::int64_t limit, std::size_t slot,
                           std::chrono::seconds period = std::chrono::hours(1)) {
    return {.scope = domain::PolicyScope::key, .owner = "search-ranker", .measure = measure, .period = period,
            .limit = limit, .slot = slot};
}

// Everything two gateway instances would each have: a loop, a client and
// the stores on it.
struct Instance {
    Instance(const RedisServer& server, const std::vector<domain::RateLimit>& limits, const domain::Clock& clock)
        : client(endpoint_of(server), {}),
          rates(client, limits, {.key_prefix = "test:", .timeout = milliseconds(1000)}),
          budgets(client, clock, {.key_prefix = "test:", .timeout = milliseconds(1000)}) {}

    domain::Result<domain::RateDecision> take(std::vector<domain::RateCharge> charges) {
        return run_until_done(io, rates.take(charges, std::chrono::steady_clock::now()));
    }
    domain::Result<domain::ReservationId> reserve(const domain::Hold& hold) {
        return run_until_done(io, budgets.reserve(hold));
    }
    domain::Result<Reply> raw(std::initializer_list<std::string_view> command) {
        std::string bytes;
        append_command(bytes, command);
        return run_until_done(io, client.call(std::move(bytes), milliseconds(2000)));
    }
    boost::asio::io_context io;  // outlives the client, whose sockets are on it
    RedisClient client;
    RedisRateLimitStore rates;
    RedisBudgetStore budgets;
};

class RedisSharedStateTest : public ::testing::Test {
protected:
    RedisServer server;
    ManualClock clock;
    std::vector<domain::RateLimit> limits{limit_of(domain::RateMeasure::requests, 10, 0),
                                          limit_of(domain::RateMeasure::parallel, 2, 1),
                                          limit_of(domain::RateMeasure::tokens, 100, 2, std::chrono::hours(24))};
    const domain::RateLimit& requests = limits[0];
    const domain::RateLimit& parallel = limits[1];
    const domain::RateLimit& tokens = limits[2];
    Instance first{server, limits, clock};
    Instance second{server, limits, clock};

    // Runs both instances' loops until what they sent without waiting (a
    // give-back, a settle) has been done by Redis, as `done` tells.
    void wait_for(const std::function<bool()>& done) {
        for (int i = 0; i < 200 && !done(); ++i) {
            for (auto* instance : {&first, &second}) {
                instance->io.restart();
                instance->io.run_for(milliseconds(5));
            }
        }
        ASSERT_TRUE(done());
    }
};

TEST_F(RedisSharedStateTest, TwoInstancesTogetherAdmitNoMoreThanTheLimit) {
    int admitted = 0;
    for (int i = 0; i < 30; ++i) {
        auto& instance = i % 2 == 0 ? first : second;
        const auto decision = instance.take({{&requests, 1}});
        ASSERT_TRUE(decision) << decision.error().message;
        if (!decision.value().refused_by) ++admitted;
    }
    EXPECT_EQ(admitted, 10);

    const auto refused = first.take({{&requests, 1}});
    ASSERT_TRUE(refused);
    ASSERT_EQ(refused.value().refused_by, 0u);
    // One request comes back every six minutes (10 an hour).
    EXPECT_GT(refused.value().retry_after, seconds(350));
    EXPECT_LE(refused.value().retry_after, seconds(360));
}

TEST_F(RedisSharedStateTest, AnAdmittedSetTellsWhatEachLimitHasLeft) {
    const auto decision = first.take({{&requests, 1}, {&tokens, 30}});
    ASSERT_TRUE(decision);
    ASSERT_FALSE(decision.value().refused_by);
    ASSERT_EQ(decision.value().left.size(), 2u);
    EXPECT_EQ(decision.value().left[0].remaining, 9);
    EXPECT_EQ(decision.value().left[1].remaining, 70);
    // 30 of 100 tokens a day take 30% of a day to drain.
    EXPECT_NEAR(std::chrono::duration<double>(decision.value().left[1].reset).count(), 0.3 * 86'400, 2);

    const auto key = first.rates.key_of(tokens);
    EXPECT_EQ(key, "test:rate:key:tokens:86400:search-ranker");
    const auto ttl = first.raw({"PTTL", key});
    ASSERT_TRUE(ttl);
    EXPECT_GT(ttl.value().integer, 25'000'000) << "gone once drained, not before";
}

TEST_F(RedisSharedStateTest, ARefusalTakesNothingFromTheLimitsThatHadRoom) {
    ASSERT_FALSE(first.take({{&tokens, 90}}).value().refused_by);
    const auto refused = second.take({{&requests, 1}, {&tokens, 20}});
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused.value().refused_by, 1u);
    const auto after = first.take({{&requests, 1}});
    ASSERT_TRUE(after);
    EXPECT_EQ(after.value().left.at(0).remaining, 9) << "the refused set's request was not counted";
}

TEST_F(RedisSharedStateTest, AnAmountLargerThanTheWholeLimitCanNeverFit) {
    const auto refused = first.take({{&tokens, 101}});
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused.value().refused_by, 0u);
    EXPECT_EQ(refused.value().retry_after.count(), domain::Gcra::never);
}

TEST_F(RedisSharedStateTest, ReservedTokensNotBilledAreGivenBackAndTheOverrunIsCharged) {
    const auto taken = first.take({{&tokens, 80}});
    ASSERT_TRUE(taken);
    // It billed 10 of the 80 reserved.
    const std::vector<domain::RateCharge> unbilled{{&tokens, 70}};
    first.rates.give_back(taken.value().ticket, unbilled);
    wait_for([&] { return !second.take({{&tokens, 0}}).value().refused_by &&
                                second.take({{&tokens, 0}}).value().left.at(0).remaining >= 89; });
    ASSERT_FALSE(second.take({{&tokens, 85}}).value().refused_by);

    // One that billed 10 more than it reserved is charged them.
    const auto small = second.take({{&tokens, 1}});
    ASSERT_FALSE(small.value().refused_by);
    const std::vector<domain::RateCharge> overrun{{&tokens, -3}};
    second.rates.give_back(small.value().ticket, overrun);
    wait_for([&] { return first.take({{&tokens, 0}}).value().left.at(0).remaining <= 1; });
}

TEST_F(RedisSharedStateTest, APlaceUnderWayIsHeldUntilGivenBackFromEitherInstance) {
    const auto one = first.take({{&parallel, 1}});
    const auto two = second.take({{&parallel, 1}});
    ASSERT_FALSE(one.value().refused_by);
    ASSERT_FALSE(two.value().refused_by);
    EXPECT_EQ(two.value().left.at(0).remaining, 0);
    ASSERT_EQ(first.take({{&parallel, 1}}).value().refused_by, 0u) << "two are under way";

    const std::vector<domain::RateCharge> place{{&parallel, 1}};
    second.rates.give_back(two.value().ticket, place);
    wait_for([&] { return second.raw({"ZCARD", first.rates.key_of(parallel)}).value().integer == 1; });
    EXPECT_FALSE(first.take({{&parallel, 1}}).value().refused_by);
}

TEST_F(RedisSharedStateTest, ACrashedInstancesPlacesLapseWithTheirLease) {
    ASSERT_FALSE(first.take({{&parallel, 1}}).value().refused_by);
    ASSERT_FALSE(first.take({{&parallel, 1}}).value().refused_by);
    ASSERT_TRUE(second.take({{&parallel, 1}}).value().refused_by);
    // The first instance dies; its leases run out (moved to the past here
    // rather than waited for).
    const auto key = first.rates.key_of(parallel);
    EXPECT_EQ(key, "test:rate:key:requests_at_once:search-ranker");
    const auto ttl = first.raw({"PTTL", key});
    EXPECT_GT(ttl.value().integer, 590'000) << "the set goes when its last lease (10 minutes) ends";
    const auto members = first.raw({"ZRANGE", key, "0", "-1"});
    ASSERT_EQ(members.value().elements.size(), 2u);
    for (const auto& member : members.value().elements) ASSERT_TRUE(first.raw({"ZADD", key, "1", member.text}));
    EXPECT_FALSE(second.take({{&parallel, 1}}).value().refused_by);
}

TEST_F(RedisSharedStateTest, APlaceHeldLongerThanItsLeaseIsRenewedUntilGivenBack) {
    RedisRateLimitStore short_lease(first.client, limits, {.key_prefix = "test:", .timeout = milliseconds(1000)},
                                    milliseconds(300));
    const std::vector<domain::RateCharge> place{{&parallel, 1}};
    const auto held = run_until_done(first.io, short_lease.take(place, std::chrono::steady_clock::now()));
    ASSERT_FALSE(held.value().refused_by);
    ASSERT_FALSE(second.take({{&parallel, 1}}).value().refused_by);
    // Three leases long: renewed every 100 ms on the loop it was taken on.
    first.io.restart();
    first.io.run_for(milliseconds(900));
    EXPECT_EQ(second.take({{&parallel, 1}}).value().refused_by, 0u) << "both places are still held";

    short_lease.give_back(held.value().ticket, place);
    wait_for([&] { return first.raw({"ZCARD", first.rates.key_of(parallel)}).value().integer == 1; });
    // A renewal after it does not bring the place back.
    first.io.restart();
    first.io.run_for(milliseconds(250));
    EXPECT_EQ(first.raw({"ZCARD", first.rates.key_of(parallel)}).value().integer, 1);
}

TEST_F(RedisSharedStateTest, RedisDownIsAnErrorNotARefusal) {
    server.kill();
    const auto down = first.take({{&requests, 1}});
    ASSERT_FALSE(down);
    EXPECT_EQ(down.error().code, domain::ErrorCode::shared_state_unavailable);
    server.start();
}

// Budgets

domain::Budget team_budget(std::int64_t limit_nano) {
    return {.scope = domain::BudgetScope::team, .owner = "search", .period = domain::BudgetPeriod::monthly,
            .limit = {limit_nano}};
}

class RedisBudgetTest : public RedisSharedStateTest {
protected:
    domain::Hold hold_of(std::int64_t amount) {
        return {.request_id = "req",
                .caller = &caller,
                .model = "gpt",
                .provider = "openai",
                .amount = {amount},
                .budgets = {domain::budget_line(budget, clock.now())},
                .expires_at = clock.now() + std::chrono::hours(1)};
    }
    domain::BudgetStore::Standing standing_in(Instance& instance) {
        return instance.budgets.standing(domain::budget_line(budget, clock.now()));
    }

    domain::Attribution caller{.api_key_id = "ranker", .team = "search"};
    domain::Budget budget = team_budget(1'000);
};

TEST_F(RedisBudgetTest, TwoInstancesReserveFromOneBudgetAndNeverOverspendIt) {
    int held = 0;
    std::vector<std::pair<Instance*, domain::ReservationId>> holds;
    for (int i = 0; i < 10; ++i) {
        auto& instance = i % 2 == 0 ? first : second;
        const auto id = instance.reserve(hold_of(300));
        if (id) {
            ++held;
            holds.emplace_back(&instance, id.value());
        } else {
            EXPECT_EQ(id.error().code, domain::ErrorCode::budget_exceeded);
            EXPECT_NE(id.error().message.find("team `search`"), std::string::npos) << id.error().message;
        }
    }
    EXPECT_EQ(held, 3) << "3 x 300 of 1000";

    // Each settles at 250: 750 spent, and room for one more of 250.
    for (auto [instance, id] : holds) instance->budgets.settle(id, {250});
    wait_for([&] { return first.raw({"HGET", "test:budget:" + domain::budget_line(budget, clock.now()).account,
                                           "spent"}).value().text == "750"; });
    EXPECT_FALSE(first.reserve(hold_of(300)));
    EXPECT_TRUE(first.reserve(hold_of(250)));
    const auto standing = standing_in(first);
    EXPECT_EQ(standing.spent.value, 750) << "as Redis's reply told it";
    EXPECT_EQ(standing.reserved.value, 250);
}

TEST_F(RedisBudgetTest, ASecondEndOfAReservationDoesNothing) {
    const auto id = first.reserve(hold_of(400));
    ASSERT_TRUE(id);
    first.budgets.settle(id.value(), {100});
    first.budgets.settle(id.value(), {100});
    first.budgets.release(id.value());
    EXPECT_EQ(first.budgets.open_reservations(), 0u);
    const auto account = "test:budget:" + domain::budget_line(budget, clock.now()).account;
    wait_for([&] { return first.raw({"HGET", account, "reserved"}).value().text == "0"; });
    EXPECT_EQ(first.raw({"HGET", account, "spent"}).value().text, "100");
}

TEST_F(RedisBudgetTest, ACrashedInstancesHoldsLapseAndGiveTheirRoomBack) {
    ASSERT_TRUE(first.reserve(hold_of(900)));
    ASSERT_FALSE(second.reserve(hold_of(200)));
    // The first instance dies with its hold open; the hold's expiry passes.
    const auto account = domain::budget_line(budget, clock.now()).account;
    const auto holds = first.raw({"ZRANGE", "test:budget-holds:" + account, "0", "-1"});
    ASSERT_EQ(holds.value().elements.size(), 1u);
    ASSERT_TRUE(first.raw({"ZADD", "test:budget-holds:" + account, "1", holds.value().elements[0].text}));
    ASSERT_TRUE(second.reserve(hold_of(200)));
    EXPECT_EQ(first.raw({"HGET", "test:budget:" + account, "reserved"}).value().text, "200");
}

TEST_F(RedisBudgetTest, RestoredSpendKeepsTheLargerOfRedisAndTheLedger) {
    const auto line = domain::budget_line(budget, clock.now());
    first.budgets.restore(line, {600});
    EXPECT_EQ(standing_in(first).spent.value, 600) << "known before it reaches Redis";
    ASSERT_FALSE(first.reserve(hold_of(500))) << "sent ahead of the first reservation";
    second.budgets.restore(line, {200});  // this instance's own ledger knows less
    EXPECT_TRUE(second.reserve(hold_of(400)));
    EXPECT_EQ(second.raw({"HGET", "test:budget:" + line.account, "spent"}).value().text, "600");
}

TEST_F(RedisBudgetTest, ANewPeriodStartsFromNothing) {
    const auto id = first.reserve(hold_of(900));
    first.budgets.settle(id.value(), {900});
    const auto account = "test:budget:" + domain::budget_line(budget, clock.now()).account;
    wait_for([&] { return first.raw({"HGET", account, "spent"}).value().text == "900"; });
    ASSERT_FALSE(first.reserve(hold_of(200)));
    clock.advance(std::chrono::hours(24 * 32));
    EXPECT_TRUE(first.reserve(hold_of(200)));
}

// Redis down: what `on_down` says.

struct CountingEvents final : application::SharedStateEvents {
    void unavailable(application::SharedStore, std::string_view, application::OnSharedStateDown) override {
        ++unavailable_told;
    }
    void available(application::SharedStore) override { ++available_told; }
    void decided_without(application::SharedStore, application::OnSharedStateDown) override { ++decided_alone; }
    int unavailable_told = 0;
    int available_told = 0;
    int decided_alone = 0;
};

TEST_F(RedisSharedStateTest, WithOnDownLocalThisInstanceCountsAloneUntilRedisIsBack) {
    CountingEvents events;
    infrastructure::MemoryRateLimitStore local(limits);
    application::SharedStateHealth health(application::SharedStore::rate_limits,
                                          application::OnSharedStateDown::local, events);
    application::FallbackRateLimitStore store(first.rates, local, health);
    const auto take = [&](const domain::RateLimit& limit) {
        const std::vector<domain::RateCharge> charges{{&limit, 1}};
        return run_until_done(first.io, store.take(charges, std::chrono::steady_clock::now()));
    };

    server.kill();
    const auto alone = take(parallel);
    ASSERT_TRUE(alone) << alone.error().message;
    ASSERT_FALSE(alone.value().refused_by);
    ASSERT_TRUE(take(parallel));
    EXPECT_TRUE(take(parallel).value().refused_by) << "this instance's own counters still limit";
    EXPECT_EQ(events.unavailable_told, 1) << "told once";
    EXPECT_EQ(events.decided_alone, 3) << "counted every time";
    // Given back to the counters it was taken from.
    const std::vector<domain::RateCharge> place{{&parallel, 1}};
    store.give_back(alone.value().ticket, place);
    EXPECT_FALSE(take(parallel).value().refused_by);

    server.start();
    const auto shared = take(requests);
    ASSERT_TRUE(shared);
    EXPECT_EQ(shared.value().left.at(0).remaining, 9);
    EXPECT_EQ(events.available_told, 1);
}

TEST_F(RedisBudgetTest, WithOnDownRejectARequestIsRefusedWithoutSayingWhy) {
    CountingEvents events;
    infrastructure::MemoryBudgetStore local(clock);
    application::SharedStateHealth health(application::SharedStore::budgets, application::OnSharedStateDown::reject,
                                          events);
    application::FallbackBudgetStore store(first.budgets, local, health);
    server.kill();
    const auto refused = run_until_done(first.io, store.reserve(hold_of(10)));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::shared_state_unavailable);
    EXPECT_EQ(refused.error().retry_after, seconds(1));
    EXPECT_EQ(refused.error().message.find("127.0.0.1"), std::string::npos) << refused.error().message;
    EXPECT_EQ(events.decided_alone, 1);
    server.start();
    EXPECT_TRUE(run_until_done(first.io, store.reserve(hold_of(10))));
    EXPECT_EQ(events.available_told, 1);
}

}  // namespace
}  // namespace llmgw::testing
