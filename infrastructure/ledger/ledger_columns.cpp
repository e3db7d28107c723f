#include "infrastructure/ledger/ledger_columns.hpp"

#include <cstdio>
#include <ctime>

namespace llmgw::infrastructure {

namespace {

ColumnValue text(std::string_view value) {
    if (value.empty()) return {};
    return std::string(value);
}

ColumnValue number(std::int64_t value) { return value; }
ColumnValue flag(bool value) { return std::int64_t{value ? 1 : 0}; }

std::string joined(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& tag : tags) {
        if (!out.empty()) out += ',';
        out += tag;
    }
    return out;
}

}  // namespace

std::string utc_timestamp(std::chrono::system_clock::time_point time) {
    const auto millis = std::chrono::floor<std::chrono::milliseconds>(time.time_since_epoch()).count();
    const std::time_t seconds = static_cast<std::time_t>(millis / 1000 - (millis % 1000 < 0 ? 1 : 0));
    const int fraction = static_cast<int>(((millis % 1000) + 1000) % 1000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
    return buffer;
}

std::string column_list() {
    std::string out;
    for (const auto& column : ledger_columns) {
        if (!out.empty()) out += ", ";
        out += column.name;
    }
    return out;
}

std::string create_ledger_table(const SqlTypes& types) {
    const auto type_name = [&](ColumnType type) {
        switch (type) {
        case ColumnType::text: return types.text;
        case ColumnType::integer: return types.integer;
        case ColumnType::flag: return types.flag;
        case ColumnType::timestamp: return types.timestamp;
        }
        return types.text;
    };
    std::string sql = "CREATE TABLE ledger (";
    sql += types.id;
    for (const auto& column : ledger_columns) {
        sql += ", ";
        sql += column.name;
        sql += ' ';
        sql += type_name(column.type);
        if (!column.nullable) sql += " NOT NULL";
        if (column.name == "request_id") sql += " UNIQUE";
    }
    sql += ");"
           "CREATE INDEX ledger_started_at ON ledger (started_at);"
           "CREATE INDEX ledger_key_started_at ON ledger (key_id, started_at);"
           "CREATE INDEX ledger_team_started_at ON ledger (team, started_at);"
           "CREATE INDEX ledger_project_started_at ON ledger (project, started_at);"
           "CREATE INDEX ledger_end_user_started_at ON ledger (end_user, started_at);";
    return sql;
}

ColumnValues column_values(const domain::LedgerRow& row) {
    const auto& caller = row.caller;
    const auto& usage = row.usage;
    return ColumnValues{
        text(row.request_id),
        text(row.client_request_id),
        utc_timestamp(row.started_at),
        utc_timestamp(row.finished_at),
        text(caller.api_key_id),
        text(caller.team),
        text(caller.project),
        text(caller.end_user),
        text(caller.session_id),
        text(caller.source_agent),
        text(joined(caller.tags)),
        std::string(domain::to_string(row.operation)),
        std::string(row.model),
        text(row.served_model),
        text(row.provider),
        text(row.upstream_model),
        flag(row.stream),
        number(row.status),
        text(row.error_code),
        number(usage.prompt_tokens),
        number(usage.completion_tokens),
        number(usage.cached_prompt_tokens),
        number(usage.cache_write_prompt_tokens),
        number(usage.reasoning_tokens),
        flag(row.usage_estimated),
        number(row.cost.value),
        number(row.saved.value),
        flag(row.cache_hit),
        number(row.attempts),
        number(row.latency_ms),
        row.ttft_ms ? number(*row.ttft_ms) : ColumnValue{},
        flag(row.aborted),
    };
}

}  // namespace llmgw::infrastructure
