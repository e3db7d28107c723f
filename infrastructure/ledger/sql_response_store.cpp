#include "infrastructure/ledger/sql_response_store.hpp"

#include "domain/utc_time.hpp"
#include "infrastructure/ledger/ledger_store.hpp"

namespace llmgw::infrastructure {

std::string create_response_table(const SqlTypes& types) {
    std::string sql = "CREATE TABLE responses (id ";
    sql += types.text;
    sql += " PRIMARY KEY, owner ";
    sql += types.text;
    sql += " NOT NULL, created_at ";
    sql += types.timestamp;
    sql += " NOT NULL, expires_at ";
    sql += types.timestamp;
    sql += " NOT NULL, input_items ";
    sql += types.text;
    sql += " NOT NULL, response ";
    sql += types.text;
    sql += " NOT NULL);"
           "CREATE INDEX responses_expires_at ON responses (expires_at);";
    return sql;
}

SqlResponseStore::SqlResponseStore(bool numbered_parameters, std::string_view time_cast) {
    const auto parameter = [&](int number, bool time = false) {
        std::string text = numbered_parameters ? "$" + std::to_string(number) : std::string("?");
        if (time) text += time_cast;
        return text;
    };
    // Ids are random: one that is already there is the same response kept
    // again, and never another owner's to take over.
    keep_ = "INSERT INTO responses (id, owner, created_at, expires_at, input_items, response) VALUES (" + parameter(1) +
            ", " + parameter(2) + ", " + parameter(3, true) + ", " + parameter(4, true) + ", " + parameter(5) + ", " +
            parameter(6) +
            ") ON CONFLICT (id) DO UPDATE SET created_at = excluded.created_at, expires_at = excluded.expires_at, "
            "input_items = excluded.input_items, response = excluded.response "
            "WHERE responses.owner = excluded.owner";
    find_ = "SELECT input_items, response FROM responses WHERE id = " + parameter(1) + " AND owner = " + parameter(2) +
            " AND expires_at > " + parameter(3, true);
    forget_ = "DELETE FROM responses WHERE id = " + parameter(1) + " AND owner = " + parameter(2);
    purge_ = "DELETE FROM responses WHERE expires_at <= " + parameter(1, true);
}

boost::asio::awaitable<domain::Result<void>> SqlResponseStore::keep(domain::StoredResponse response) {
    try {
        auto write = [this, response = std::move(response)] {
            const auto now = domain::utc_timestamp(response.created_at);
            if (response.created_at - purged_at_ >= std::chrono::minutes(1)) {
                run_response_statement(purge_, {now});
                purged_at_ = response.created_at;
            }
            run_response_statement(keep_, {response.id, response.owner, now, domain::utc_timestamp(response.expires_at),
                                           response.input_items, response.response});
            return true;
        };
        co_await query_thread().run(write);
        co_return domain::success();
    } catch (const LedgerStoreError&) {
        co_return unreadable_ledger();
    }
}

boost::asio::awaitable<domain::Result<std::optional<domain::StoredResponse>>> SqlResponseStore::find(
    std::string id, std::string owner, std::chrono::system_clock::time_point now) {
    try {
        auto lookup = [this, id = std::move(id), owner = std::move(owner), now] {
            auto result = run_response_statement(find_, {id, owner, domain::utc_timestamp(now)});
            std::optional<domain::StoredResponse> found;
            if (!result.rows.empty() && result.rows.front().size() == 2) {
                auto& row = result.rows.front();
                found = domain::StoredResponse{
                    .id = id, .owner = owner, .input_items = std::move(row[0]), .response = std::move(row[1])};
            }
            return found;
        };
        co_return co_await query_thread().run(lookup);
    } catch (const LedgerStoreError&) {
        co_return unreadable_ledger();
    }
}

boost::asio::awaitable<domain::Result<bool>> SqlResponseStore::forget(std::string id, std::string owner) {
    try {
        auto erase = [this, id = std::move(id), owner = std::move(owner)] {
            return run_response_statement(forget_, {id, owner}).changed > 0;
        };
        co_return co_await query_thread().run(erase);
    } catch (const LedgerStoreError&) {
        co_return unreadable_ledger();
    }
}

}  // namespace llmgw::infrastructure
