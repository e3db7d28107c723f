#include "infrastructure/ledger/sqlite_ledger_store.hpp"

#include <filesystem>
#include <functional>
#include <mutex>
#include <vector>

#include <sqlite3.h>

#include "domain/utc_time.hpp"
#include "infrastructure/ledger/ledger_columns.hpp"

namespace llmgw::infrastructure {

namespace {

// Each entry brings the schema from its index to the next version.
const std::vector<std::string>& migrations() {
    // Times as RFC 3339 UTC text: it sorts as it reads, and SQLite's date
    // functions take it.
    static const SqlTypes types{
        .id = "id INTEGER PRIMARY KEY", .text = "TEXT", .integer = "INTEGER", .flag = "INTEGER", .timestamp = "TEXT"};
    static const std::vector<std::string> all{
        create_ledger_table(types),
        // Version 2: the embedded ledger keeps only the indexes every row
        // needs (request_id, started_at). Each per-owner index cost more
        // writer CPU per row (about 1.3 µs) than it saves a report, which
        // scans the period's rows by started_at instead.
        drop_owner_indexes(),
        // Version 3: what the content guardrails found (pii_findings).
        add_ledger_columns(2, types),
        // Version 4: stored responses.
        create_response_table(types)};
    return all;
}

// SQLite's process-wide settings, before its first use: connections are
// never shared between threads here (the writer has its own, each read
// opens one), so SQLite's global mutexes and its allocation statistics are
// pure cost. Too late once SQLite is initialised (SQLITE_MISUSE), which
// leaves its safe defaults.
void configure_sqlite_once() {
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    });
}

std::string insert_statement() {
    std::string sql = "INSERT INTO ledger (" + column_list() + ") VALUES (";
    for (std::size_t i = 0; i < ledger_columns.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ") ON CONFLICT (request_id) DO NOTHING";
    return sql;
}

}  // namespace

int SqliteLedgerStore::schema_version() { return static_cast<int>(migrations().size()); }

SqliteLedgerStore::SqliteLedgerStore(std::string path) : SqlResponseStore(false, ""), path_(std::move(path)) {
    configure_sqlite_once();
    const auto directory = std::filesystem::path(path_).parent_path();
    std::error_code ignored;
    if (!directory.empty()) std::filesystem::create_directories(directory, ignored);
    // One connection, used by the ledger's writer thread only.
    sqlite3* db = nullptr;
    const int opened =
        sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    db_.reset(db);
    if (opened != SQLITE_OK) fail("open");
    // Another process (a backup, a report) may hold the lock for a moment.
    sqlite3_busy_timeout(db_.get(), 5'000);
    execute("PRAGMA journal_mode = WAL");
    // In WAL mode NORMAL loses no committed transaction on a process crash,
    // only on a power cut, and spares an fsync per commit.
    execute("PRAGMA synchronous = NORMAL");

    execute("BEGIN IMMEDIATE");
    sqlite3_stmt* version_query = nullptr;
    int version = 0;
    if (sqlite3_prepare_v2(db_.get(), "PRAGMA user_version", -1, &version_query, nullptr) != SQLITE_OK) {
        fail("read version");
    }
    if (sqlite3_step(version_query) == SQLITE_ROW) version = sqlite3_column_int(version_query, 0);
    sqlite3_finalize(version_query);
    if (version > schema_version()) {
        execute("ROLLBACK");
        throw LedgerStoreError("the ledger " + path_ + " has schema version " + std::to_string(version) +
                               ", newer than this gateway's " + std::to_string(schema_version()) +
                               "; run a newer gateway");
    }
    for (auto step = static_cast<std::size_t>(version); step < migrations().size(); ++step) {
        execute(migrations()[step].c_str());
    }
    execute(("PRAGMA user_version = " + std::to_string(schema_version())).c_str());
    execute("COMMIT");

    const auto insert = insert_statement();
    sqlite3_stmt* statement = nullptr;
    const int prepared = sqlite3_prepare_v2(db_.get(), insert.c_str(), -1, &statement, nullptr);
    insert_.reset(statement);
    if (prepared != SQLITE_OK) fail("prepare the insert");
}

void SqliteLedgerStore::Close::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void SqliteLedgerStore::Close::operator()(sqlite3_stmt* statement) const noexcept { sqlite3_finalize(statement); }

void SqliteLedgerStore::execute(const char* sql) {
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
}

void SqliteLedgerStore::fail(std::string_view doing) const {
    std::string message = "SQLite ledger " + path_ + ": ";
    message += doing;
    message += ": ";
    message += db_ ? sqlite3_errmsg(db_.get()) : "out of memory";
    throw LedgerStoreError(message);
}

namespace {

// Runs `sql` with text `parameters` on `db`, calling `each_row` for each
// row; the rows it changed (for a statement that changes rows). Throws LedgerStoreError naming `path`.
int run_statement(sqlite3* db, const std::string& path, const std::string& sql,
                  const std::vector<std::string>& parameters, const std::function<void(sqlite3_stmt*)>& each_row) {
    sqlite3_stmt* statement = nullptr;
    bool ready = db && sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK;
    const std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> owned_statement(statement, &sqlite3_finalize);
    for (std::size_t i = 0; ready && i < parameters.size(); ++i) {
        ready = sqlite3_bind_text(statement, static_cast<int>(i) + 1, parameters[i].data(),
                                  static_cast<int>(parameters[i].size()), SQLITE_STATIC) == SQLITE_OK;
    }
    int stepped = SQLITE_ROW;
    while (ready && (stepped = sqlite3_step(statement)) == SQLITE_ROW) {
        if (each_row) each_row(statement);
    }
    if (!ready || stepped != SQLITE_DONE) {
        std::string message = "SQLite ledger " + path + ": " + sql.substr(0, 40) + ": ";
        message += db ? sqlite3_errmsg(db) : "out of memory";
        throw LedgerStoreError(message);
    }
    return sqlite3_changes(db);
}

}  // namespace

void SqliteLedgerStore::read(const std::string& sql, const std::vector<std::string>& parameters,
                             const std::function<void(sqlite3_stmt*)>& each_row) const {
    // A read-only connection of its own: it may run beside the writer's.
    sqlite3* reader = nullptr;
    const int opened = sqlite3_open_v2(path_.c_str(), &reader, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    const std::unique_ptr<sqlite3, Close> owned_reader(reader);
    if (opened != SQLITE_OK) throw LedgerStoreError("SQLite ledger " + path_ + ": cannot open it to read");
    run_statement(reader, path_, sql, parameters, each_row);
}

StatementResult SqliteLedgerStore::run_response_statement(const std::string& sql,
                                                          const std::vector<std::string>& parameters) {
    if (!responses_db_) {
        sqlite3* db = nullptr;
        const int opened = sqlite3_open_v2(path_.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
        std::unique_ptr<sqlite3, Close> owned(db);
        if (opened != SQLITE_OK) throw LedgerStoreError("SQLite ledger " + path_ + ": cannot open it for responses");
        // The ledger's writer may hold the write lock for a batch.
        sqlite3_busy_timeout(db, 5'000);
        responses_db_ = std::move(owned);
    }
    StatementResult result;
    result.changed = run_statement(responses_db_.get(), path_, sql, parameters, [&](sqlite3_stmt* row) {
        auto& values = result.rows.emplace_back();
        for (int column = 0; column < sqlite3_column_count(row); ++column) {
            const auto* text = sqlite3_column_text(row, column);
            values.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
        }
    });
    return result;
}

namespace {

std::string text_of(sqlite3_stmt* statement, int column) {
    const auto* text = sqlite3_column_text(statement, column);
    return text ? reinterpret_cast<const char*>(text) : "";
}

}  // namespace

std::vector<domain::SpendHistory::OwnerSpend> SqliteLedgerStore::spend_since(
    domain::BudgetScope scope, std::chrono::system_clock::time_point since) {
    std::vector<OwnerSpend> spent;
    read(spend_query(scope, "?"), {domain::utc_timestamp(since)}, [&](sqlite3_stmt* row) {
        spent.push_back({text_of(row, 0), {sqlite3_column_int64(row, 1)}});
    });
    return spent;
}

boost::asio::awaitable<domain::Result<std::vector<domain::SpendGroup>>> SqliteLedgerStore::spend(
    const domain::SpendQuery& query) {
    const auto statement = spend_report_statement(
        query, {.numbered_parameters = false, .time_cast = "", .day_of_started_at = "substr(started_at, 1, 10)"});
    try {
        auto report = [this, statement] {
            std::vector<domain::SpendGroup> groups;
            read(statement.sql, statement.parameters, [&](sqlite3_stmt* row) {
                groups.push_back({.group = text_of(row, 0),
                                  .requests = sqlite3_column_int64(row, 1),
                                  .errors = sqlite3_column_int64(row, 2),
                                  .prompt_tokens = sqlite3_column_int64(row, 3),
                                  .completion_tokens = sqlite3_column_int64(row, 4),
                                  .cached_prompt_tokens = sqlite3_column_int64(row, 5),
                                  .cache_hits = sqlite3_column_int64(row, 6),
                                  .cost = {sqlite3_column_int64(row, 7)},
                                  .saved = {sqlite3_column_int64(row, 8)}});
            });
            return groups;
        };
        co_return co_await queries_.run(report);
    } catch (const LedgerStoreError&) {
        co_return unreadable_ledger();
    }
}

void SqliteLedgerStore::write(std::span<const domain::LedgerRow> rows) {
    execute("BEGIN IMMEDIATE");
    try {
        for (const auto& row : rows) {
            const auto values = column_values(row);
            auto* insert = insert_.get();
            sqlite3_reset(insert);
            for (std::size_t i = 0; i < values.size(); ++i) {
                const int index = static_cast<int>(i) + 1;
                const auto& value = values[i];
                int bound = SQLITE_OK;
                if (const auto* number = std::get_if<std::int64_t>(&value)) {
                    bound = sqlite3_bind_int64(insert, index, *number);
                } else if (const auto* text = std::get_if<std::string>(&value)) {
                    bound = sqlite3_bind_text(insert, index, text->data(), static_cast<int>(text->size()),
                                              SQLITE_STATIC);
                } else {
                    bound = sqlite3_bind_null(insert, index);
                }
                if (bound != SQLITE_OK) fail("bind");
            }
            if (sqlite3_step(insert) != SQLITE_DONE) fail("insert");
        }
        execute("COMMIT");
    } catch (const LedgerStoreError&) {
        sqlite3_reset(insert_.get());
        sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace llmgw::infrastructure

