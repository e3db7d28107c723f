#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <variant>
#include <vector>
#include <string>
#include <string_view>

#include "domain/budget.hpp"
#include "domain/ledger_row.hpp"
#include "domain/spend_report.hpp"

namespace llmgw::infrastructure {

// The columns of the `ledger` table, in one order for every database. Their
// names are an interface: finance teams query them directly.
enum class ColumnType { text, integer, flag, timestamp };

struct Column {
    std::string_view name;
    ColumnType type;
    bool nullable;
    // Which generation of the table brought it: 1, the first table; later
    // ones came by migration (add_ledger_columns).
    int generation = 1;
};

inline constexpr std::array ledger_columns{
    Column{"request_id", ColumnType::text, false},
    Column{"client_request_id", ColumnType::text, true},
    Column{"started_at", ColumnType::timestamp, false},
    Column{"finished_at", ColumnType::timestamp, false},
    Column{"key_id", ColumnType::text, true},
    Column{"team", ColumnType::text, true},
    Column{"project", ColumnType::text, true},
    Column{"end_user", ColumnType::text, true},
    Column{"session_id", ColumnType::text, true},
    Column{"source_agent", ColumnType::text, true},
    Column{"tags", ColumnType::text, true},
    Column{"operation", ColumnType::text, false},
    Column{"model", ColumnType::text, false},
    Column{"served_model", ColumnType::text, true},
    Column{"provider", ColumnType::text, true},
    Column{"upstream_model", ColumnType::text, true},
    Column{"stream", ColumnType::flag, false},
    Column{"status", ColumnType::integer, false},
    Column{"error_code", ColumnType::text, true},
    Column{"prompt_tokens", ColumnType::integer, false},
    Column{"completion_tokens", ColumnType::integer, false},
    Column{"cached_prompt_tokens", ColumnType::integer, false},
    Column{"cache_write_tokens", ColumnType::integer, false},
    Column{"reasoning_tokens", ColumnType::integer, false},
    Column{"usage_estimated", ColumnType::flag, false},
    Column{"cost_nanousd", ColumnType::integer, false},
    Column{"saved_nanousd", ColumnType::integer, false},
    Column{"cache_hit", ColumnType::flag, false},
    Column{"attempts", ColumnType::integer, false},
    Column{"latency_ms", ColumnType::integer, false},
    Column{"ttft_ms", ColumnType::integer, true},
    Column{"aborted", ColumnType::flag, false},
    // What the content guardrails found, as a JSON object of counts by
    // kind ({"email":2,"secret":1}); NULL when they found nothing.
    Column{"pii_findings", ColumnType::text, true, 2},
};

// One row's values, in the order of `ledger_columns`: integers, flags as 0
// or 1, text, and times as RFC 3339 UTC text with milliseconds
// (2026-12-01T16:09:45.123Z, which sorts as it reads and which both SQLite's
// date functions and PostgreSQL's timestamptz take). Empty text and absent
// values are NULL (monostate).
using ColumnValue = std::variant<std::monostate, std::int64_t, std::string>;
using ColumnValues = std::array<ColumnValue, ledger_columns.size()>;
ColumnValues column_values(const domain::LedgerRow& row);

// "request_id, client_request_id, ...", for statements.
std::string column_list();

// What each owner of `scope` spent from a time on: (owner, sum of
// cost_nanousd) rows, the time being `since_parameter` (the database's
// placeholder); one row with an empty owner for global.
std::string spend_query(domain::BudgetScope scope, std::string_view since_parameter);

// How a database writes a spend report's statement.
struct ReportDialect {
    bool numbered_parameters;          // $1, $2 (PostgreSQL) rather than ? (SQLite)
    std::string_view time_cast;        // after a time parameter, e.g. ::timestamptz
    std::string_view day_of_started_at;  // the UTC date of started_at as YYYY-MM-DD text
};

// The statement of `query` and its text parameters. Its rows are: group
// (NULL for rows without one), requests, errors, prompt, completion and
// cached prompt tokens, cache hits, cost, saved; costliest first, at most
// domain::max_spend_groups.
struct ReportStatement {
    std::string sql;
    std::vector<std::string> parameters;
};
ReportStatement spend_report_statement(const domain::SpendQuery& query, const ReportDialect& dialect);

// A database's names for the column types.
struct SqlTypes {
    std::string_view id;  // the row number column's whole declaration
    std::string_view text, integer, flag, timestamp;
};

// The first migration: the ledger table in `types` (request_id unique) and
// the indexes its reports need.
std::string create_ledger_table(const SqlTypes& types);

// The migration that adds the columns of `generation` (2 or later).
std::string add_ledger_columns(int generation, const SqlTypes& types);

// Drops the per-owner (key_id, team, project, end_user × started_at)
// indexes of the first migration, for a ledger that writes far more than it
// reports.
std::string drop_owner_indexes();

}  // namespace llmgw::infrastructure
