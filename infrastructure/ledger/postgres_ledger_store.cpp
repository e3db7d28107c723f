#include "infrastructure/ledger/postgres_ledger_store.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <vector>

#include <libpq-fe.h>

#include "domain/utc_time.hpp"
#include "infrastructure/ledger/ledger_columns.hpp"

namespace llmgw::infrastructure {

namespace {

// Each entry brings the schema from its index to the next version.
const std::vector<std::string>& migrations() {
    static const SqlTypes types{.id = "id BIGSERIAL PRIMARY KEY",
                                .text = "TEXT",
                                .integer = "BIGINT",
                                .flag = "SMALLINT",
                                .timestamp = "TIMESTAMPTZ(3)"};
    // Version 2: what the content guardrails found (pii_findings).
    // Version 3: stored responses.
    static const std::vector<std::string> all{create_ledger_table(types), add_ledger_columns(2, types),
                                              create_response_table(types)};
    return all;
}

// One statement for `rows` rows, so that a batch is one round trip.
// PostgreSQL takes at most 65535 parameters in a statement.
constexpr std::size_t most_rows_per_insert = 65535 / ledger_columns.size();

std::string insert_statement(std::size_t rows) {
    std::string sql = "INSERT INTO ledger (" + column_list() + ") VALUES ";
    std::size_t parameter = 0;
    for (std::size_t row = 0; row < rows; ++row) {
        sql += row == 0 ? "(" : ", (";
        for (std::size_t column = 0; column < ledger_columns.size(); ++column) {
            if (column > 0) sql += ", ";
            sql += '$';
            sql += std::to_string(++parameter);
        }
        sql += ')';
    }
    sql += " ON CONFLICT (request_id) DO NOTHING";
    return sql;
}

// Any key, as long as every gateway uses the same: it serialises migrations.
constexpr const char* migration_lock = "SELECT pg_advisory_xact_lock(7305116207345227)";

// libpq's last message on `connection`, without its trailing newline. It
// names host, port and user, never the password.
std::string error_of(const PGconn* connection) {
    std::string detail = connection ? PQerrorMessage(connection) : "out of memory";
    while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
    return detail;
}


}  // namespace

std::vector<std::string> PostgresLedgerStore::secrets_of(const std::string& dsn) {
    std::vector<std::string> secrets;
    if (dsn.empty()) return secrets;
    secrets.push_back(dsn);
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &error);
    if (error) PQfreemem(error);
    if (!options) return secrets;
    for (auto* option = options; option->keyword; ++option) {
        if (option->val && *option->val && std::string_view(option->keyword) == "password") {
            secrets.emplace_back(option->val);
        }
    }
    PQconninfoFree(options);
    return secrets;
}

int PostgresLedgerStore::schema_version() { return static_cast<int>(migrations().size()); }

PostgresLedgerStore::PostgresLedgerStore(std::string dsn)
    : SqlResponseStore(true, "::timestamptz"), dsn_(std::move(dsn)) {
    connect();
    migrate();
}

void PostgresLedgerStore::Finish::operator()(pg_conn* connection) const noexcept { PQfinish(connection); }
void PostgresLedgerStore::Clear::operator()(pg_result* result) const noexcept { PQclear(result); }

void PostgresLedgerStore::connect() {
    connection_.reset(PQconnectdb(dsn_.c_str()));
    if (PQstatus(connection_.get()) != CONNECTION_OK) fail("connect");
    execute("SET TIME ZONE 'UTC'");
}

void PostgresLedgerStore::migrate() {
    execute("BEGIN");
    execute(migration_lock);
    execute("CREATE TABLE IF NOT EXISTS llmgw_schema (version INTEGER NOT NULL)");
    ResultPtr current{PQexec(connection_.get(), "SELECT COALESCE(MAX(version), 0) FROM llmgw_schema")};
    if (PQresultStatus(current.get()) != PGRES_TUPLES_OK) fail("read the schema version");
    const int version = std::atoi(PQgetvalue(current.get(), 0, 0));
    if (version > schema_version()) {
        execute("ROLLBACK");
        throw LedgerStoreError("the PostgreSQL ledger has schema version " + std::to_string(version) +
                               ", newer than this gateway's " + std::to_string(schema_version()) +
                               "; run a newer gateway");
    }
    for (auto step = static_cast<std::size_t>(version); step < migrations().size(); ++step) {
        execute(migrations()[step].c_str());
    }
    execute("DELETE FROM llmgw_schema");
    execute(("INSERT INTO llmgw_schema (version) VALUES (" + std::to_string(schema_version()) + ")").c_str());
    execute("COMMIT");
}

void PostgresLedgerStore::execute(const char* sql) {
    ResultPtr result{PQexec(connection_.get(), sql)};
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(sql);
}

void PostgresLedgerStore::fail(std::string_view doing) const {
    std::string message = "PostgreSQL ledger: ";
    message += doing.substr(0, 80);
    message += ": ";
    message += error_of(connection_.get());
    throw LedgerStoreError(message);
}

namespace {

// Runs `sql` with text `parameters` on `connection`: its result, unless it
// failed (LedgerStoreError).
template <class ResultPtr>
ResultPtr run_statement(PGconn* connection, const std::string& sql, const std::vector<std::string>& parameters) {
    std::vector<const char*> values;
    for (const auto& parameter : parameters) values.push_back(parameter.c_str());
    ResultPtr result{PQstatus(connection) == CONNECTION_OK
                         ? PQexecParams(connection, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                        values.data(), nullptr, nullptr, 0)
                         : nullptr};
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        throw LedgerStoreError("PostgreSQL ledger: " + sql.substr(0, 40) + ": " + error_of(connection));
    }
    return result;
}

}  // namespace

PostgresLedgerStore::ResultPtr PostgresLedgerStore::read(const std::string& sql, const std::vector<std::string>& parameters) const {
    // A connection of its own: it may run beside the writer's.
    const std::unique_ptr<PGconn, Finish> reader{PQconnectdb(dsn_.c_str())};
    return run_statement<ResultPtr>(reader.get(), sql, parameters);
}

StatementResult PostgresLedgerStore::run_response_statement(const std::string& sql,
                                                            const std::vector<std::string>& parameters) {
    if (PQstatus(responses_connection_.get()) != CONNECTION_OK) {
        responses_connection_.reset(PQconnectdb(dsn_.c_str()));
        run_statement<ResultPtr>(responses_connection_.get(), "SET TIME ZONE 'UTC'", {});
    }
    const auto done = run_statement<ResultPtr>(responses_connection_.get(), sql, parameters);
    StatementResult result;
    for (int row = 0; row < PQntuples(done.get()); ++row) {
        auto& values = result.rows.emplace_back();
        for (int column = 0; column < PQnfields(done.get()); ++column) values.emplace_back(PQgetvalue(done.get(), row, column));
    }
    const std::string_view changed = PQcmdTuples(done.get());
    result.changed = changed.empty() ? 0 : std::atoll(std::string(changed).c_str());
    return result;
}

std::vector<domain::SpendHistory::OwnerSpend> PostgresLedgerStore::spend_since(
    domain::BudgetScope scope, std::chrono::system_clock::time_point since) {
    const auto result = read(spend_query(scope, "$1::timestamptz"), {domain::utc_timestamp(since)});
    std::vector<OwnerSpend> spent;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        spent.push_back({PQgetvalue(result.get(), row, 0), {std::atoll(PQgetvalue(result.get(), row, 1))}});
    }
    return spent;
}

boost::asio::awaitable<domain::Result<std::vector<domain::SpendGroup>>> PostgresLedgerStore::spend(
    const domain::SpendQuery& query) {
    const auto statement = spend_report_statement(
        query, {.numbered_parameters = true,
                .time_cast = "::timestamptz",
                .day_of_started_at = "to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"});
    try {
        auto report = [this, statement] {
            const auto result = read(statement.sql, statement.parameters);
            const auto number = [&](int row, int column) { return std::atoll(PQgetvalue(result.get(), row, column)); };
            std::vector<domain::SpendGroup> groups;
            for (int row = 0; row < PQntuples(result.get()); ++row) {
                groups.push_back({.group = PQgetvalue(result.get(), row, 0),
                                  .requests = number(row, 1),
                                  .errors = number(row, 2),
                                  .prompt_tokens = number(row, 3),
                                  .completion_tokens = number(row, 4),
                                  .cached_prompt_tokens = number(row, 5),
                                  .cache_hits = number(row, 6),
                                  .cost = {number(row, 7)},
                                  .saved = {number(row, 8)}});
            }
            return groups;
        };
        co_return co_await queries_.run(report);
    } catch (const LedgerStoreError&) {
        co_return unreadable_ledger();
    }
}

void PostgresLedgerStore::write(std::span<const domain::LedgerRow> rows) {
    // A connection the server dropped (a restart, a failover) is made again
    // here; until that works the batch fails and waits in the queue.
    if (PQstatus(connection_.get()) != CONNECTION_OK) connect();
    execute("BEGIN");
    try {
        while (!rows.empty()) {
            const auto part = rows.first(std::min(rows.size(), most_rows_per_insert));
            rows = rows.subspan(part.size());
            // Text parameters: the server converts each to its column's type.
            std::vector<ColumnValues> values;
            values.reserve(part.size());
            std::vector<std::string> numbers;
            numbers.reserve(part.size() * ledger_columns.size());
            std::vector<const char*> parameters;
            parameters.reserve(part.size() * ledger_columns.size());
            for (const auto& row : part) {
                for (const auto& value : values.emplace_back(column_values(row))) {
                    if (const auto* number = std::get_if<std::int64_t>(&value)) {
                        parameters.push_back(numbers.emplace_back(std::to_string(*number)).c_str());
                    } else if (const auto* text = std::get_if<std::string>(&value)) {
                        parameters.push_back(text->c_str());
                    } else {
                        parameters.push_back(nullptr);
                    }
                }
            }
            const auto sql = insert_statement(part.size());
            ResultPtr inserted{PQexecParams(connection_.get(), sql.c_str(), static_cast<int>(parameters.size()), nullptr,
                                            parameters.data(), nullptr, nullptr, 0)};
            if (PQresultStatus(inserted.get()) != PGRES_COMMAND_OK) fail("insert");
        }
        execute("COMMIT");
    } catch (const LedgerStoreError&) {
        if (PQstatus(connection_.get()) == CONNECTION_OK) PQclear(PQexec(connection_.get(), "ROLLBACK"));
        throw;
    }
}

}  // namespace llmgw::infrastructure

