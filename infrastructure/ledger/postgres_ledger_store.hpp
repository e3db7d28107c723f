#pragma once

#include <span>
#include <string>
#include <vector>

#include "infrastructure/ledger/ledger_store.hpp"

struct pg_conn;

namespace llmgw::infrastructure {

// The ledger in PostgreSQL, for several gateway instances sharing one
// record. Connects with a libpq connection string (from the environment,
// never the configuration file), brings the schema up to date under an
// advisory lock (instances starting together migrate once), and reconnects
// by itself after the server went away. Throws LedgerStoreError when the
// first connection or the migration fails.
class PostgresLedgerStore final : public LedgerStore {
public:
    explicit PostgresLedgerStore(std::string dsn);
    ~PostgresLedgerStore() override;
    PostgresLedgerStore(const PostgresLedgerStore&) = delete;
    PostgresLedgerStore& operator=(const PostgresLedgerStore&) = delete;

    void write(std::span<const domain::LedgerRow> rows) override;

    static int schema_version();
    // The secrets in a connection string (its password), for the log's
    // scrubber; none for an empty or unparsable one.
    static std::vector<std::string> secrets_of(const std::string& dsn);

private:
    void connect();
    void migrate();
    void execute(const char* sql);
    [[noreturn]] void fail(std::string_view doing) const;

    std::string dsn_;
    pg_conn* connection_ = nullptr;
};

}  // namespace llmgw::infrastructure
