#include "infrastructure/ledger/sqlite_ledger_store.hpp"

#include <filesystem>
#include <vector>

#include <sqlite3.h>

#include "infrastructure/ledger/ledger_columns.hpp"

namespace llmgw::infrastructure {

namespace {

// Each entry brings the schema from its index to the next version.
const std::vector<std::string>& migrations() {
    // Times as RFC 3339 UTC text: it sorts as it reads, and SQLite's date
    // functions take it.
    static const std::vector<std::string> all{create_ledger_table({.id = "id INTEGER PRIMARY KEY",
                                                                   .text = "TEXT",
                                                                   .integer = "INTEGER",
                                                                   .flag = "INTEGER",
                                                                   .timestamp = "TEXT"})};
    return all;
}

std::string insert_statement() {
    std::string sql = "INSERT INTO ledger (" + column_list() + ") VALUES (";
    for (std::size_t i = 0; i < ledger_columns.size(); ++i) sql += i == 0 ? "?" : ", ?";
    sql += ") ON CONFLICT (request_id) DO NOTHING";
    return sql;
}

}  // namespace

int SqliteLedgerStore::schema_version() { return static_cast<int>(migrations().size()); }

SqliteLedgerStore::SqliteLedgerStore(std::string path) : path_(std::move(path)) {
    const auto directory = std::filesystem::path(path_).parent_path();
    std::error_code ignored;
    if (!directory.empty()) std::filesystem::create_directories(directory, ignored);
    // One connection, used by the ledger's writer thread only.
    if (sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        fail("open");
    }
    // Another process (a backup, a report) may hold the lock for a moment.
    sqlite3_busy_timeout(db_, 5'000);
    execute("PRAGMA journal_mode = WAL");
    // In WAL mode NORMAL loses no committed transaction on a process crash,
    // only on a power cut, and spares an fsync per commit.
    execute("PRAGMA synchronous = NORMAL");

    execute("BEGIN IMMEDIATE");
    sqlite3_stmt* version_query = nullptr;
    int version = 0;
    if (sqlite3_prepare_v2(db_, "PRAGMA user_version", -1, &version_query, nullptr) != SQLITE_OK) fail("read version");
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
    if (sqlite3_prepare_v2(db_, insert.c_str(), -1, &insert_, nullptr) != SQLITE_OK) fail("prepare the insert");
}

SqliteLedgerStore::~SqliteLedgerStore() {
    sqlite3_finalize(insert_);
    sqlite3_close_v2(db_);
}

void SqliteLedgerStore::execute(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
}

void SqliteLedgerStore::fail(std::string_view doing) const {
    std::string message = "SQLite ledger " + path_ + ": ";
    message += doing;
    message += ": ";
    message += db_ ? sqlite3_errmsg(db_) : "out of memory";
    throw LedgerStoreError(message);
}

void SqliteLedgerStore::write(std::span<const domain::LedgerRow> rows) {
    execute("BEGIN IMMEDIATE");
    try {
        for (const auto& row : rows) {
            const auto values = column_values(row);
            sqlite3_reset(insert_);
            for (std::size_t i = 0; i < values.size(); ++i) {
                const int index = static_cast<int>(i) + 1;
                const auto& value = values[i];
                int bound = SQLITE_OK;
                if (const auto* number = std::get_if<std::int64_t>(&value)) {
                    bound = sqlite3_bind_int64(insert_, index, *number);
                } else if (const auto* text = std::get_if<std::string>(&value)) {
                    bound = sqlite3_bind_text(insert_, index, text->data(), static_cast<int>(text->size()),
                                              SQLITE_STATIC);
                } else {
                    bound = sqlite3_bind_null(insert_, index);
                }
                if (bound != SQLITE_OK) fail("bind");
            }
            if (sqlite3_step(insert_) != SQLITE_DONE) fail("insert");
        }
        execute("COMMIT");
    } catch (const LedgerStoreError&) {
        sqlite3_reset(insert_);
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace llmgw::infrastructure
