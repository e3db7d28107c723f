#pragma once

#include <span>
#include <string>

#include "infrastructure/ledger/ledger_store.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace llmgw::infrastructure {

// The ledger in one SQLite file, the embedded default: created (with its
// directory) on first start, in WAL mode so that readers (finance's queries,
// a backup) never block the writer, and brought to the current schema by
// numbered migrations (PRAGMA user_version). Throws LedgerStoreError when
// the file cannot be opened or migrated.
class SqliteLedgerStore final : public LedgerStore {
public:
    explicit SqliteLedgerStore(std::string path);
    ~SqliteLedgerStore() override;
    SqliteLedgerStore(const SqliteLedgerStore&) = delete;
    SqliteLedgerStore& operator=(const SqliteLedgerStore&) = delete;

    void write(std::span<const domain::LedgerRow> rows) override;

    // The schema version this build migrates to.
    static int schema_version();

private:
    void execute(const char* sql);
    [[noreturn]] void fail(std::string_view doing) const;

    std::string path_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
};

}  // namespace llmgw::infrastructure
