// The durable ledger against real databases: a SQLite file and a PostgreSQL
// server of the test's own; and its batching queue against a store that
// fails on purpose.

#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>

#include <sqlite3.h>

#include "infrastructure/ledger/batched_ledger.hpp"
#include "infrastructure/ledger/postgres_ledger_store.hpp"
#include "infrastructure/ledger/sqlite_ledger_store.hpp"
#include "infrastructure/memory_response_store.hpp"
#include "database_queries.hpp"
#include "run_awaitable.hpp"
#include "postgres_server.hpp"

namespace llmgw::infrastructure {
namespace {

using namespace std::chrono_literals;

domain::LedgerRow full_row(std::string request_id, std::int64_t cost) {
    domain::LedgerRow row;
    row.request_id = std::move(request_id);
    row.client_request_id = "client-7";
    row.started_at = std::chrono::sys_days{std::chrono::year(2026) / 12 / 1} + 16h + 9min + 45s + 123ms;
    row.finished_at = row.started_at + 1500ms;
    row.caller = {.api_key_id = "search-ranker", .team = "search", .project = "ranking", .user = "svc",
                  .end_user = "svc", .session_id = "s-1", .source_agent = "planner", .tags = {"batch", "nightly"}};
    row.operation = domain::Operation::chat;
    row.model = "fast";
    row.served_model = "backup";
    row.provider = "openai";
    row.upstream_model = "gpt-4.1-mini";
    row.stream = true;
    row.status = 200;
    row.usage = {.prompt_tokens = 1000, .completion_tokens = 500, .cached_prompt_tokens = 200,
                 .cache_write_prompt_tokens = 0, .reasoning_tokens = 100};
    row.cost = {cost};
    row.saved = {0};
    row.attempts = 2;
    row.latency_ms = 1500;
    row.ttft_ms = 250;
    return row;
}

// What a finance query would see: every column of the row, as text.
const char* every_column =
    "request_id, client_request_id, started_at, finished_at, key_id, team, project, end_user, session_id, "
    "source_agent, tags, operation, model, served_model, provider, upstream_model, stream, status, error_code, "
    "prompt_tokens, completion_tokens, cached_prompt_tokens, cache_write_tokens, reasoning_tokens, "
    "usage_estimated, cost_nanousd, saved_nanousd, cache_hit, attempts, latency_ms, ttft_ms, aborted";

const std::vector<std::string> expected_values{
    "r-1", "client-7", "2026-12-01T16:09:45.123Z", "2026-12-01T16:09:46.623Z", "search-ranker", "search",
    "ranking", "svc", "s-1", "planner", "batch,nightly", "chat", "fast", "backup", "openai", "gpt-4.1-mini",
    "1", "200", "NULL", "1000", "500", "200", "0", "100", "0", "1234567891", "0", "0", "2", "1500", "250", "0"};

// Four rows over three days, two teams and a row without one; `report`
// answers spend queries (a store's `spend`). The same for every database.
template <class Report>
void expect_spend_reports(LedgerStore& store, Report report) {
    using std::chrono::sys_days;
    const auto at = [](int day, int hour) {
        return sys_days{std::chrono::year(2026) / 12 / day} + std::chrono::hours(hour);
    };
    auto row = [&](std::string id, std::string team, std::string key, std::string model, std::int64_t cost,
                   std::chrono::system_clock::time_point started) {
        domain::LedgerRow r;
        r.request_id = std::move(id);
        r.caller.team = std::move(team);
        r.caller.api_key_id = std::move(key);
        r.model = r.served_model = std::move(model);
        r.usage = {.prompt_tokens = 10, .completion_tokens = 5, .cached_prompt_tokens = 2};
        r.cost = {cost};
        r.started_at = r.finished_at = started;
        r.status = 200;
        return r;
    };
    std::vector rows{row("r1", "search", "k1", "fast", 100, at(1, 10)), row("r2", "search", "k2", "slow", 300, at(2, 10)),
                     row("r3", "ads", "k3", "fast", 0, at(2, 11)), row("r4", "", "k1", "fast", 1000, at(1, 0) - std::chrono::hours(1))};
    rows[1].error_code = "upstream_error";
    rows[2].cache_hit = true;
    rows[2].saved = {50};
    store.write(rows);

    domain::SpendQuery query{.from = at(1, 0), .to = at(3, 0), .group_by = domain::SpendGrouping::team};
    auto by_team = report(query);
    ASSERT_TRUE(by_team) << by_team.error().message;
    ASSERT_EQ(by_team.value().size(), 2u) << "the row before `from` is left out";
    const auto& search = by_team.value()[0];
    EXPECT_EQ(search.group, "search") << "costliest first";
    EXPECT_EQ(search.requests, 2);
    EXPECT_EQ(search.errors, 1);
    EXPECT_EQ(search.prompt_tokens, 20);
    EXPECT_EQ(search.completion_tokens, 10);
    EXPECT_EQ(search.cached_prompt_tokens, 4);
    EXPECT_EQ(search.cost.value, 400);
    const auto& ads = by_team.value()[1];
    EXPECT_EQ(ads.group, "ads");
    EXPECT_EQ(ads.cache_hits, 1);
    EXPECT_EQ(ads.saved.value, 50);

    query.group_by = domain::SpendGrouping::day;
    const auto by_day = report(query);
    ASSERT_TRUE(by_day);
    ASSERT_EQ(by_day.value().size(), 2u);
    EXPECT_EQ(by_day.value()[0].group, "2026-12-02");
    EXPECT_EQ(by_day.value()[0].cost.value, 300);
    EXPECT_EQ(by_day.value()[1].group, "2026-12-01");

    query.group_by = domain::SpendGrouping::model;
    query.key_id = "k1";
    const auto mine = report(query);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine.value().size(), 1u);
    EXPECT_EQ(mine.value()[0].group, "fast");
    EXPECT_EQ(mine.value()[0].cost.value, 100);

    query = {.from = at(1, 0) - std::chrono::hours(2), .to = at(1, 1), .group_by = domain::SpendGrouping::team};
    const auto teamless = report(query);
    ASSERT_TRUE(teamless);
    ASSERT_EQ(teamless.value().size(), 1u);
    EXPECT_EQ(teamless.value()[0].group, "") << "rows without a team are a group of their own";
    EXPECT_EQ(teamless.value()[0].cost.value, 1000);
}

// Stored responses in `store`: each for its owner alone, replaced by its
// id, gone once expired or forgotten. The same for every store.
void expect_stored_responses(domain::ResponseStore& store) {
    using testing::run_awaitable;
    const auto now = std::chrono::sys_days{std::chrono::year(2026) / 12 / 4} + 10h;
    const auto kept = [&](std::string id, std::string owner, std::chrono::system_clock::time_point expires,
                          std::string response) {
        return domain::StoredResponse{.id = std::move(id), .owner = std::move(owner), .created_at = now,
                                      .expires_at = expires, .input_items = R"([{"type":"message"}])",
                                      .response = std::move(response)};
    };
    ASSERT_TRUE(run_awaitable(store.keep(kept("resp_a", "k1", now + 1h, R"({"id":"resp_a"})"))));
    ASSERT_TRUE(run_awaitable(store.keep(kept("resp_old", "k1", now - 1s, "{}"))));
    ASSERT_TRUE(run_awaitable(store.keep(kept("resp_a", "k2", now + 1h, "taken over"))));

    const auto found = run_awaitable(store.find("resp_a", "k1", now));
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(found.value());
    EXPECT_EQ(found.value()->response, R"({"id":"resp_a"})") << "another owner never replaces it";
    EXPECT_EQ(found.value()->input_items, R"([{"type":"message"}])");
    EXPECT_FALSE(run_awaitable(store.find("resp_a", "k2", now)).value()) << "another owner cannot see it";
    EXPECT_FALSE(run_awaitable(store.find("resp_old", "k1", now)).value()) << "expired";
    EXPECT_FALSE(run_awaitable(store.find("resp_none", "k1", now)).value());

    ASSERT_TRUE(run_awaitable(store.keep(kept("resp_a", "k1", now + 1h, R"({"id":"resp_a","v":2})"))));
    EXPECT_EQ(run_awaitable(store.find("resp_a", "k1", now)).value()->response, R"({"id":"resp_a","v":2})");

    EXPECT_FALSE(run_awaitable(store.forget("resp_a", "k2")).value());
    EXPECT_TRUE(run_awaitable(store.forget("resp_a", "k1")).value());
    EXPECT_FALSE(run_awaitable(store.forget("resp_a", "k1")).value());
    EXPECT_FALSE(run_awaitable(store.find("resp_a", "k1", now)).value());
}

// Keeping a response a while after the last purge deletes the expired ones.
void expect_expired_responses_purged(domain::ResponseStore& store) {
    const auto later = std::chrono::sys_days{std::chrono::year(2026) / 12 / 4} + 10h + 2min;
    domain::StoredResponse response{.id = "resp_later", .owner = "k1", .created_at = later, .expires_at = later + 1h,
                                    .input_items = "[]", .response = "{}"};
    ASSERT_TRUE(testing::run_awaitable(store.keep(std::move(response))));
}

TEST(MemoryResponseStoreTest, KeepsEachResponseForItsOwnerUntilItExpires) {
    MemoryResponseStore store(1 << 20);
    expect_stored_responses(store);
}

TEST(MemoryResponseStoreTest, TheOldestGoFirstPastItsBytes) {
    MemoryResponseStore store(300);
    const auto now = std::chrono::system_clock::now();
    for (const auto* id : {"resp_1", "resp_2", "resp_3"}) {
        domain::StoredResponse response{.id = id, .owner = "k", .created_at = now, .expires_at = now + 1h,
                                        .input_items = std::string(100, 'x'), .response = "{}"};
        ASSERT_TRUE(testing::run_awaitable(store.keep(std::move(response))));
    }
    EXPECT_LE(store.bytes(), 300u);
    EXPECT_FALSE(testing::run_awaitable(store.find("resp_1", "k", now)).value());
    EXPECT_TRUE(testing::run_awaitable(store.find("resp_3", "k", now)).value());
}

// ---- SQLite ----

class SqliteLedgerTest : public ::testing::Test {
protected:
    ~SqliteLedgerTest() override {
        std::error_code ignored;
        std::filesystem::remove_all(directory, ignored);
    }

    testing::QueryRows query(const std::string& sql) const { return testing::sqlite_query(path, sql); }

    std::string directory = "/tmp/llmgw-sqlite-" + std::to_string(::getpid()) + "-" +
                            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::string path = directory + "/nested/ledger.db";
};

TEST_F(SqliteLedgerTest, CreatesTheFileAndItsDirectoryAndKeepsEveryColumn) {
    SqliteLedgerStore store(path);
    const auto row = full_row("r-1", 1'234'567'891);
    store.write(std::span(&row, 1));

    const auto rows = query(std::string("SELECT ") + every_column + " FROM ledger");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], expected_values);
    EXPECT_EQ(query("SELECT typeof(cost_nanousd), typeof(started_at) FROM ledger")[0],
              (std::vector<std::string>{"integer", "text"}))
        << "money is an integer, never a float";
    EXPECT_EQ(query("PRAGMA journal_mode")[0][0], "wal");
    EXPECT_EQ(query("PRAGMA user_version")[0][0], std::to_string(SqliteLedgerStore::schema_version()));
}

TEST_F(SqliteLedgerTest, ABatchWrittenTwiceIsBookedOnce) {
    SqliteLedgerStore store(path);
    const std::vector rows{full_row("a", 1), full_row("b", 2)};
    store.write(rows);
    store.write(rows);
    EXPECT_EQ(query("SELECT count(*), sum(cost_nanousd) FROM ledger")[0], (std::vector<std::string>{"2", "3"}));
}

TEST_F(SqliteLedgerTest, ReopeningKeepsTheRowsAndTheSchema) {
    {
        SqliteLedgerStore store(path);
        const auto row = full_row("a", 5);
        store.write(std::span(&row, 1));
    }
    SqliteLedgerStore again(path);
    const auto row = full_row("b", 7);
    again.write(std::span(&row, 1));
    EXPECT_EQ(query("SELECT count(*), sum(cost_nanousd) FROM ledger")[0], (std::vector<std::string>{"2", "12"}));
}

TEST_F(SqliteLedgerTest, ReportsSpendByGroupWithinTimesAndFilters) {
    SqliteLedgerStore store(path);
    expect_spend_reports(store, [&](const domain::SpendQuery& query) { return testing::run_awaitable(store.spend(query)); });
}

TEST_F(SqliteLedgerTest, TellsBudgetsWhatEachOwnerSpentSinceATime) {
    SqliteLedgerStore store(path);
    auto a = full_row("a", 5);
    auto b = full_row("b", 7);
    b.caller.team = "ads";
    auto old = full_row("old", 100);
    old.started_at -= std::chrono::hours(24 * 40);
    store.write(std::vector{a, b, old});
    auto teams = store.spend_since(domain::BudgetScope::team, a.started_at - std::chrono::hours(1));
    std::sort(teams.begin(), teams.end(), [](const auto& x, const auto& y) { return x.owner < y.owner; });
    ASSERT_EQ(teams.size(), 2u);
    EXPECT_EQ(teams[0].owner, "ads");
    EXPECT_EQ(teams[0].spent.value, 7);
    EXPECT_EQ(teams[1].owner, "search");
    EXPECT_EQ(teams[1].spent.value, 5);
    const auto everyone = store.spend_since(domain::BudgetScope::global, {});
    ASSERT_EQ(everyone.size(), 1u);
    EXPECT_EQ(everyone[0].spent.value, 112);
}

TEST_F(SqliteLedgerTest, AVersionOneLedgerIsMigratedWithItsRowsKept) {
    {
        SqliteLedgerStore store(path);
        const auto row = full_row("a", 5);
        store.write(std::span(&row, 1));
    }
    // Back to version 1 as the first gateways left it: the per-owner indexes
    // there, no guardrail findings and no stored responses yet.
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db,
                 "DROP TABLE responses;"
                 "ALTER TABLE ledger DROP COLUMN pii_findings;"
                 "CREATE INDEX ledger_key_started_at ON ledger (key_id, started_at);"
                 "CREATE INDEX ledger_team_started_at ON ledger (team, started_at);"
                 "CREATE INDEX ledger_project_started_at ON ledger (project, started_at);"
                 "CREATE INDEX ledger_end_user_started_at ON ledger (end_user, started_at);"
                 "PRAGMA user_version = 1",
                 nullptr, nullptr, nullptr);
    sqlite3_close(db);
    ASSERT_EQ(query("SELECT count(*) FROM sqlite_master WHERE type = 'index'")[0][0], "6");

    SqliteLedgerStore migrated(path);
    EXPECT_EQ(query("PRAGMA user_version")[0][0], "4");
    EXPECT_EQ(query("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name"),
              (testing::QueryRows{{"ledger_started_at"},
                                  {"responses_expires_at"},
                                  {"sqlite_autoindex_ledger_1"},
                                  {"sqlite_autoindex_responses_1"}}));
    auto row = full_row("b", 7);
    row.pii_findings = {{"email", domain::GuardDirection::input, domain::GuardMode::redact, 2},
                        {"email", domain::GuardDirection::output, domain::GuardMode::redact, 1},
                        {"secret", domain::GuardDirection::input, domain::GuardMode::block, 1}};
    migrated.write(std::span(&row, 1));
    EXPECT_EQ(query("SELECT count(*), sum(cost_nanousd) FROM ledger")[0], (std::vector<std::string>{"2", "12"}));
    // The counts by kind, as JSON that SQLite's own functions read.
    EXPECT_EQ(query("SELECT pii_findings, json_extract(pii_findings, '$.email') FROM ledger WHERE request_id = 'b'")[0],
              (std::vector<std::string>{R"({"email":3,"secret":1})", "3"}));
}

TEST_F(SqliteLedgerTest, ALedgerFromANewerGatewayIsRefused) {
    { SqliteLedgerStore store(path); }
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    EXPECT_THROW(SqliteLedgerStore{path}, LedgerStoreError);
}

TEST_F(SqliteLedgerTest, KeepsStoredResponsesInTheSameFile) {
    SqliteLedgerStore store(path);
    expect_stored_responses(store);
    EXPECT_EQ(query("SELECT count(*) FROM responses")[0][0], "1") << "the expired one waits for a purge";
    expect_expired_responses_purged(store);
    EXPECT_EQ(query("SELECT id FROM responses")[0][0], "resp_later");
}

TEST_F(SqliteLedgerTest, AnUnwritablePathFailsClearly) {
    try {
        SqliteLedgerStore store("/proc/no/such/ledger.db");
        FAIL() << "opened";
    } catch (const LedgerStoreError& failure) {
        EXPECT_NE(std::string(failure.what()).find("/proc/no/such/ledger.db"), std::string::npos) << failure.what();
    }
}

// ---- PostgreSQL ----

class PostgresLedgerTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { server = std::make_unique<testing::PostgresServer>(); }
    static void TearDownTestSuite() { server.reset(); }
    void SetUp() override {
        query("DROP TABLE IF EXISTS ledger; DROP TABLE IF EXISTS responses; DROP TABLE IF EXISTS llmgw_schema");
    }

    static testing::QueryRows query(const std::string& sql) { return testing::postgres_query(server->dsn(), sql); }

    static inline std::unique_ptr<testing::PostgresServer> server;
};

TEST_F(PostgresLedgerTest, MigratesAnEmptyDatabaseAndKeepsEveryColumn) {
    PostgresLedgerStore store(server->dsn());
    const auto row = full_row("r-1", 1'234'567'891);
    store.write(std::span(&row, 1));

    // Times as the same RFC 3339 text as SQLite's, from a timestamptz.
    std::string columns = every_column;
    const auto as_text = [&](const std::string& name) {
        columns.replace(columns.find(name), name.size(),
                        "to_char(" + name + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')");
    };
    as_text("finished_at");
    as_text("started_at");
    const auto rows = query("SELECT " + columns + " FROM ledger");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], expected_values);
    EXPECT_EQ(query("SELECT pg_typeof(cost_nanousd)::text, pg_typeof(started_at)::text FROM ledger")[0],
              (std::vector<std::string>{"bigint", "timestamp with time zone"}));
    EXPECT_EQ(query("SELECT version FROM llmgw_schema")[0][0], std::to_string(PostgresLedgerStore::schema_version()));
}

TEST_F(PostgresLedgerTest, InstancesStartingTogetherMigrateOnceAndShareTheTable) {
    PostgresLedgerStore first(server->dsn());
    PostgresLedgerStore second(server->dsn());
    const std::vector rows{full_row("a", 1), full_row("b", 2)};
    first.write(rows);
    second.write(rows);  // a retried batch: nothing twice
    EXPECT_EQ(query("SELECT count(*), sum(cost_nanousd) FROM ledger")[0], (std::vector<std::string>{"2", "3"}));
    EXPECT_EQ(query("SELECT count(*) FROM llmgw_schema")[0][0], "1");
}

TEST_F(PostgresLedgerTest, ALargeBatchIsOneTransaction) {
    PostgresLedgerStore store(server->dsn());
    std::vector<domain::LedgerRow> rows;
    for (int i = 0; i < 2500; ++i) rows.push_back(full_row("bulk-" + std::to_string(i), i));
    store.write(rows);  // more rows than one statement's parameters allow
    EXPECT_EQ(query("SELECT count(*), sum(cost_nanousd) FROM ledger")[0],
              (std::vector<std::string>{"2500", std::to_string(2499LL * 2500 / 2)}));
}

TEST_F(PostgresLedgerTest, AServerRestartFailsOneWriteThenTheStoreReconnects) {
    PostgresLedgerStore store(server->dsn());
    const auto before = full_row("before", 1);
    store.write(std::span(&before, 1));
    server->restart();
    const auto after = full_row("after", 2);
    bool written = false;
    for (int attempt = 0; attempt < 3 && !written; ++attempt) {
        try {
            store.write(std::span(&after, 1));
            written = true;
        } catch (const LedgerStoreError&) {
            // the connection the server closed; the next write reconnects
        }
    }
    EXPECT_TRUE(written);
    EXPECT_EQ(query("SELECT count(*) FROM ledger")[0][0], "2");
}

TEST_F(PostgresLedgerTest, ReportsSpendByGroupWithinTimesAndFilters) {
    PostgresLedgerStore store(server->dsn());
    expect_spend_reports(store, [&](const domain::SpendQuery& query) { return testing::run_awaitable(store.spend(query)); });
    const auto teams = store.spend_since(domain::BudgetScope::team, {});
    EXPECT_EQ(teams.size(), 2u) << "search and ads; the row without a team has no owner to restore";
}

TEST_F(PostgresLedgerTest, KeepsStoredResponsesInTheSameDatabase) {
    PostgresLedgerStore store(server->dsn());
    expect_stored_responses(store);
    EXPECT_EQ(query("SELECT count(*) FROM responses")[0][0], "1") << "the expired one waits for a purge";
    expect_expired_responses_purged(store);
    EXPECT_EQ(query("SELECT id FROM responses")[0][0], "resp_later");
}

TEST(PostgresLedgerSecrets, ThePasswordOfAConnectionStringIsASecret) {
    const auto secrets = PostgresLedgerStore::secrets_of("host=db user=llmgw password=s3cr3t-pw dbname=ledger");
    EXPECT_NE(std::find(secrets.begin(), secrets.end(), "s3cr3t-pw"), secrets.end());
    const auto uri = PostgresLedgerStore::secrets_of("postgresql://llmgw:uri-pw@db:5432/ledger");
    EXPECT_NE(std::find(uri.begin(), uri.end(), "uri-pw"), uri.end());
}

// ---- The batching queue ----

// A store in memory that fails while told to, and lets a test wait for rows.
class FlakyStore final : public LedgerStore {
public:
    void write(std::span<const domain::LedgerRow> rows) override {
        std::lock_guard lock(mutex_);
        ++writes_;
        if (failing_) throw LedgerStoreError("database is down");
        for (const auto& row : rows) ids_.push_back(row.request_id);
        changed_.notify_all();
    }
    void set_failing(bool failing) {
        std::lock_guard lock(mutex_);
        failing_ = failing;
    }
    bool wait_for_rows(std::size_t count, std::chrono::milliseconds limit = 5s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [&] { return ids_.size() >= count; });
    }
    std::vector<std::string> ids() const {
        std::lock_guard lock(mutex_);
        return ids_;
    }
    int writes() const {
        std::lock_guard lock(mutex_);
        return writes_;
    }

private:
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::string> ids_;
    bool failing_ = false;
    int writes_ = 0;
};

struct CountingEvents final : LedgerEvents {
    void write_failed(std::string_view, std::size_t) override { ++failures; }
    void write_recovered(std::size_t) override { ++recoveries; }
    void rows_dropped(std::size_t count) override { dropped = count; }
    void rows_lost(std::size_t count, std::string_view) override { lost = count; }
    std::atomic<int> failures{0};
    std::atomic<int> recoveries{0};
    std::atomic<std::size_t> dropped{0};
    std::atomic<std::size_t> lost{0};
};

domain::LedgerRow row_named(std::string id) {
    domain::LedgerRow row;
    row.request_id = std::move(id);
    return row;
}

TEST(BatchedLedger, WritesAFullBatchAtOnceAndTheRestWithinTheFlushInterval) {
    FlakyStore store;
    CountingEvents events;
    BatchedLedger ledger(store, {.flush_interval = 60'000ms, .batch_rows = 3}, events);
    for (const char* id : {"a", "b", "c"}) ledger.record(row_named(id));
    ASSERT_TRUE(store.wait_for_rows(3)) << "a full batch goes without waiting for the interval";
    EXPECT_EQ(store.ids(), (std::vector<std::string>{"a", "b", "c"}));

    BatchedLedger paced(store, {.flush_interval = 20ms, .batch_rows = 100}, events);
    paced.record(row_named("d"));
    EXPECT_TRUE(store.wait_for_rows(4)) << "a lone row goes within the interval";
}

TEST(BatchedLedger, RowsWaitWhileTheDatabaseIsDownAndAreWrittenInOrderWhenItIsBack) {
    FlakyStore store;
    CountingEvents events;
    store.set_failing(true);
    BatchedLedger ledger(store, {.flush_interval = 5ms, .batch_rows = 2, .retry_first = 1ms, .retry_most = 5ms},
                         events);
    for (const char* id : {"a", "b", "c"}) ledger.record(row_named(id));
    while (events.failures < 3) std::this_thread::yield();
    EXPECT_EQ(ledger.queued(), 3u);
    EXPECT_TRUE(ledger.accepting());

    store.set_failing(false);
    ASSERT_TRUE(store.wait_for_rows(3));
    EXPECT_EQ(store.ids(), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_GE(events.recoveries, 1);
}

TEST(BatchedLedger, AFullQueueRefusesNewRequestsYetTakesTheRowsOfThoseThatSpent) {
    FlakyStore store;
    CountingEvents events;
    store.set_failing(true);
    BatchedLedger ledger(store, {.flush_interval = 5ms, .queue_rows = 2, .retry_first = 1ms, .retry_most = 2ms},
                         events);
    ledger.record(row_named("a"));
    EXPECT_TRUE(ledger.accepting());
    ledger.record(row_named("b"));
    EXPECT_FALSE(ledger.accepting()) << "on_ledger_full: reject";
    auto billed = row_named("c");
    billed.cost = {5};
    ledger.record(billed);  // a request admitted before still books its row
    EXPECT_EQ(ledger.queued(), 3u);
    ledger.record(row_named("refused"));  // spent nothing: not kept past the bound
    EXPECT_EQ(ledger.queued(), 3u);
    EXPECT_EQ(ledger.dropped(), 1u);

    store.set_failing(false);
    ASSERT_TRUE(store.wait_for_rows(3));
    EXPECT_EQ(store.ids(), (std::vector<std::string>{"a", "b", "c"}));
    while (!ledger.accepting()) std::this_thread::yield();
}

TEST(BatchedLedger, DropModeNeverRefusesAndCountsWhatItDrops) {
    FlakyStore store;
    CountingEvents events;
    store.set_failing(true);
    {
        BatchedLedger ledger(store,
                             {.flush_interval = 5ms, .queue_rows = 2, .on_full = OnLedgerFull::drop,
                              .drain_limit = 2'000ms, .retry_first = 1ms, .retry_most = 2ms},
                             events);
        for (const char* id : {"a", "b", "c", "d"}) {
            ledger.record(row_named(id));
            EXPECT_TRUE(ledger.accepting());
        }
        EXPECT_EQ(ledger.dropped(), 2u);
        EXPECT_EQ(events.dropped, 1u) << "the first drop is reported at once, then every thousandth";
        store.set_failing(false);
    }
    EXPECT_EQ(store.ids(), (std::vector<std::string>{"a", "b"}));
}

TEST(BatchedLedger, ShutdownWritesEveryQueuedRowBeforeItReturns) {
    FlakyStore store;
    CountingEvents events;
    {
        BatchedLedger ledger(store, {.flush_interval = 60'000ms, .batch_rows = 1000}, events);
        for (int i = 0; i < 2500; ++i) ledger.record(row_named(std::to_string(i)));
    }
    EXPECT_EQ(store.ids().size(), 2500u);
    EXPECT_EQ(events.lost, 0u);
}

TEST(BatchedLedger, ShutdownGivesUpOnADeadDatabaseWithinItsLimitAndSaysWhatWasLost) {
    FlakyStore store;
    CountingEvents events;
    store.set_failing(true);
    const auto started = std::chrono::steady_clock::now();
    {
        BatchedLedger ledger(store,
                             {.flush_interval = 60'000ms, .drain_limit = 100ms, .retry_first = 5ms, .retry_most = 20ms},
                             events);
        for (const char* id : {"a", "b"}) ledger.record(row_named(id));
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(events.lost, 2u);
    EXPECT_GT(store.writes(), 1) << "it tried again before giving up";
}

}  // namespace
}  // namespace llmgw::infrastructure
