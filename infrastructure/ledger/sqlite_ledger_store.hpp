#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "domain/ports/spend_history.hpp"
#include "domain/ports/spend_reports.hpp"
#include "infrastructure/ledger/ledger_store.hpp"
#include "infrastructure/ledger/query_thread.hpp"
#include "infrastructure/ledger/sql_response_store.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace llmgw::infrastructure {

// The ledger in one SQLite file, the embedded default: created (with its
// directory) on first start, in WAL mode so that readers (finance's queries,
// a backup) never block the writer, and brought to the current schema by
// numbered migrations (PRAGMA user_version). Throws LedgerStoreError when
// the file cannot be opened or migrated. Stored responses live in the same
// file (SqlResponseStore).
class SqliteLedgerStore final : public LedgerStore,
                                public domain::SpendHistory,
                                public domain::SpendReports,
                                public SqlResponseStore {
public:
    explicit SqliteLedgerStore(std::string path);

    void write(std::span<const domain::LedgerRow> rows) override;
    // Both on connections of their own, so that they may run beside the
    // writer; reports on the store's query thread.
    std::vector<OwnerSpend> spend_since(domain::BudgetScope scope,
                                        std::chrono::system_clock::time_point since) override;
    boost::asio::awaitable<domain::Result<std::vector<domain::SpendGroup>>> spend(
        const domain::SpendQuery& query) override;

    // The schema version this build migrates to.
    static int schema_version();

private:
    void execute(const char* sql);
    // Runs `sql` with text `parameters` on a read-only connection, calling
    // `each_row` for each row. Throws LedgerStoreError.
    void read(const std::string& sql, const std::vector<std::string>& parameters,
              const std::function<void(sqlite3_stmt*)>& each_row) const;
    // On the stored responses' read-write connection (opened on first use,
    // on the query thread only).
    StatementResult run_response_statement(const std::string& sql, const std::vector<std::string>& parameters) override;
    QueryThread& query_thread() override { return queries_; }
    [[noreturn]] void fail(std::string_view doing) const;

    struct Close {
        void operator()(sqlite3* db) const noexcept;
        void operator()(sqlite3_stmt* statement) const noexcept;
    };

    std::string path_;
    // Owned from the first moment, so that a constructor that throws
    // leaves nothing open.
    std::unique_ptr<sqlite3, Close> db_;
    std::unique_ptr<sqlite3_stmt, Close> insert_;
    std::unique_ptr<sqlite3, Close> responses_db_;
    QueryThread queries_;
};

}  // namespace llmgw::infrastructure
