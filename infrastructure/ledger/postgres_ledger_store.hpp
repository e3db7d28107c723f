#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "domain/ports/spend_history.hpp"
#include "domain/ports/spend_reports.hpp"
#include "infrastructure/ledger/ledger_store.hpp"
#include "infrastructure/ledger/query_thread.hpp"
#include "infrastructure/ledger/sql_response_store.hpp"

struct pg_conn;
struct pg_result;

namespace llmgw::infrastructure {

// The ledger in PostgreSQL, for several gateway instances sharing one
// record. Connects with a libpq connection string (from the environment,
// never the configuration file), brings the schema up to date under an
// advisory lock (instances starting together migrate once), and reconnects
// by itself after the server went away. Throws LedgerStoreError when the
// first connection or the migration fails. Stored responses live in the same
// database (SqlResponseStore).
class PostgresLedgerStore final : public LedgerStore,
                                  public domain::SpendHistory,
                                  public domain::SpendReports,
                                  public SqlResponseStore {
public:
    explicit PostgresLedgerStore(std::string dsn);

    void write(std::span<const domain::LedgerRow> rows) override;
    // Both on connections of their own, so that they may run beside the
    // writer; reports on the store's query thread.
    std::vector<OwnerSpend> spend_since(domain::BudgetScope scope,
                                        std::chrono::system_clock::time_point since) override;
    boost::asio::awaitable<domain::Result<std::vector<domain::SpendGroup>>> spend(
        const domain::SpendQuery& query) override;

    static int schema_version();
    // The secrets in a connection string (its password), for the log's
    // scrubber; none for an empty or unparsable one.
    static std::vector<std::string> secrets_of(const std::string& dsn);

private:
    void connect();
    void migrate();
    void execute(const char* sql);
    struct Clear {
        void operator()(pg_result* result) const noexcept;
    };
    using ResultPtr = std::unique_ptr<pg_result, Clear>;
    // Runs `sql` with text `parameters` on a connection of its own. Throws
    // LedgerStoreError.
    ResultPtr read(const std::string& sql, const std::vector<std::string>& parameters) const;
    // On the stored responses' connection (made on first use and again
    // after the server dropped it, on the query thread only).
    StatementResult run_response_statement(const std::string& sql, const std::vector<std::string>& parameters) override;
    QueryThread& query_thread() override { return queries_; }
    [[noreturn]] void fail(std::string_view doing) const;

    struct Finish {
        void operator()(pg_conn* connection) const noexcept;
    };

    std::string dsn_;
    // Owned from the first moment, so that a constructor that throws
    // leaves nothing open.
    std::unique_ptr<pg_conn, Finish> connection_;
    std::unique_ptr<pg_conn, Finish> responses_connection_;
    QueryThread queries_;
};

}  // namespace llmgw::infrastructure
