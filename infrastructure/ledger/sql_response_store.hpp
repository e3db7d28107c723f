#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/ports/response_store.hpp"
#include "infrastructure/ledger/ledger_columns.hpp"
#include "infrastructure/ledger/query_thread.hpp"

namespace llmgw::infrastructure {

// Stored responses (the Responses API's `store: true`) in a table beside
// the ledger in its database: id, owner (the key id), created_at,
// expires_at, input_items and response, the last two as JSON text.

// The migration that creates the table, in `types`, with the index that
// purging expired responses walks.
std::string create_response_table(const SqlTypes& types);

// What a statement gave back: the rows it selected, as text, and how many
// it changed.
struct StatementResult {
    std::vector<std::vector<std::string>> rows;
    std::int64_t changed = 0;
};

// The ResponseStore of a database ledger, the same for every database:
// each call runs its statement on the store's query thread (through
// `run_response_statement`, with a connection of the store's own), and a
// database that fails is ledger_unavailable. Keeping a response a minute
// after the last purge first deletes the expired ones.
class SqlResponseStore : public domain::ResponseStore {
public:
    boost::asio::awaitable<domain::Result<void>> keep(domain::StoredResponse response) override;
    boost::asio::awaitable<domain::Result<std::optional<domain::StoredResponse>>> find(
        std::string id, std::string owner, std::chrono::system_clock::time_point now) override;
    boost::asio::awaitable<domain::Result<bool>> forget(std::string id, std::string owner) override;

protected:
    // Parameters as `?` or as `$1`, `$2`, ...; a time parameter (RFC 3339
    // text) with `time_cast` after it.
    SqlResponseStore(bool numbered_parameters, std::string_view time_cast);
    ~SqlResponseStore() override = default;

    // On the query thread. Throws LedgerStoreError.
    virtual StatementResult run_response_statement(const std::string& sql,
                                                   const std::vector<std::string>& parameters) = 0;
    virtual QueryThread& query_thread() = 0;

private:
    std::string keep_, find_, forget_, purge_;
    std::chrono::system_clock::time_point purged_at_{};  // on the query thread
};

}  // namespace llmgw::infrastructure
