#include "infrastructure/ledger/ledger_columns.hpp"

#include <algorithm>

#include "domain/utc_time.hpp"

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

std::string column_list() {
    std::string out;
    for (const auto& column : ledger_columns) {
        if (!out.empty()) out += ", ";
        out += column.name;
    }
    return out;
}

std::string spend_query(domain::BudgetScope scope, std::string_view since_parameter) {
    std::string_view column;
    switch (scope) {
    case domain::BudgetScope::global: break;
    case domain::BudgetScope::key: column = "key_id"; break;
    case domain::BudgetScope::team: column = "team"; break;
    case domain::BudgetScope::project: column = "project"; break;
    case domain::BudgetScope::end_user: column = "end_user"; break;
    }
    std::string sql = "SELECT ";
    sql += column.empty() ? std::string_view("''") : column;
    sql += ", COALESCE(SUM(cost_nanousd), 0) FROM ledger WHERE started_at >= ";
    sql += since_parameter;
    if (!column.empty()) {
        sql += " AND ";
        sql += column;
        sql += " IS NOT NULL GROUP BY ";
        sql += column;
    }
    return sql;
}

ReportStatement spend_report_statement(const domain::SpendQuery& query, const ReportDialect& dialect) {
    ReportStatement statement;
    const auto parameter = [&](std::string value, bool time) {
        statement.parameters.push_back(std::move(value));
        std::string placeholder = dialect.numbered_parameters ? "$" : "?";
        if (dialect.numbered_parameters) placeholder += std::to_string(statement.parameters.size());
        if (time) placeholder += dialect.time_cast;
        return placeholder;
    };
    std::string group;
    switch (query.group_by) {
    case domain::SpendGrouping::team: group = "team"; break;
    case domain::SpendGrouping::project: group = "project"; break;
    case domain::SpendGrouping::key: group = "key_id"; break;
    case domain::SpendGrouping::user: group = "end_user"; break;
    case domain::SpendGrouping::model: group = "served_model"; break;
    case domain::SpendGrouping::provider: group = "provider"; break;
    case domain::SpendGrouping::day: group = dialect.day_of_started_at; break;
    }
    auto& sql = statement.sql;
    sql = "SELECT ";
    sql += group;
    sql += ", COUNT(*), SUM(CASE WHEN error_code IS NULL THEN 0 ELSE 1 END), SUM(prompt_tokens), "
           "SUM(completion_tokens), SUM(cached_prompt_tokens), SUM(cache_hit), SUM(cost_nanousd), SUM(saved_nanousd) "
           "FROM ledger WHERE started_at >= ";
    sql += parameter(domain::utc_timestamp(query.from), true);
    sql += " AND started_at < ";
    sql += parameter(domain::utc_timestamp(query.to), true);
    for (const auto& [column, value] : {std::pair{"key_id", &query.key_id}, {"team", &query.team},
                                        {"project", &query.project}, {"end_user", &query.end_user},
                                        {"served_model", &query.model}, {"provider", &query.provider}}) {
        if (!*value) continue;
        sql += " AND ";
        sql += column;
        sql += " = ";
        sql += parameter(**value, false);
    }
    sql += " GROUP BY ";
    sql += group;
    sql += " ORDER BY SUM(cost_nanousd) DESC, ";
    sql += group;
    sql += " LIMIT ";
    sql += std::to_string(domain::max_spend_groups);
    return statement;
}

namespace {

std::string_view type_name(const SqlTypes& types, ColumnType type) {
    switch (type) {
    case ColumnType::text: return types.text;
    case ColumnType::integer: return types.integer;
    case ColumnType::flag: return types.flag;
    case ColumnType::timestamp: return types.timestamp;
    }
    return types.text;
}

}  // namespace

std::string create_ledger_table(const SqlTypes& types) {
    std::string sql = "CREATE TABLE ledger (";
    sql += types.id;
    for (const auto& column : ledger_columns) {
        if (column.generation != 1) continue;
        sql += ", ";
        sql += column.name;
        sql += ' ';
        sql += type_name(types, column.type);
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

std::string add_ledger_columns(int generation, const SqlTypes& types) {
    std::string sql;
    for (const auto& column : ledger_columns) {
        if (column.generation != generation) continue;
        // Added columns are nullable: the rows before them have none.
        sql += "ALTER TABLE ledger ADD COLUMN ";
        sql += column.name;
        sql += ' ';
        sql += type_name(types, column.type);
        sql += ';';
    }
    return sql;
}

std::string drop_owner_indexes() {
    return "DROP INDEX IF EXISTS ledger_key_started_at;"
           "DROP INDEX IF EXISTS ledger_team_started_at;"
           "DROP INDEX IF EXISTS ledger_project_started_at;"
           "DROP INDEX IF EXISTS ledger_end_user_started_at;";
}

namespace {

// {"email":2,"secret":1}: kinds are names of lower-case letters, digits
// and '_', which need no escaping.
ColumnValue findings_text(const std::vector<domain::FindingCount>& findings) {
    if (findings.empty()) return {};
    std::vector<std::pair<std::string_view, std::uint64_t>> by_kind;
    for (const auto& finding : findings) {
        auto same = std::find_if(by_kind.begin(), by_kind.end(), [&](const auto& k) { return k.first == finding.entity; });
        if (same == by_kind.end()) {
            by_kind.emplace_back(finding.entity, finding.count);
        } else {
            same->second += finding.count;
        }
    }
    std::string json = "{";
    for (const auto& [kind, count] : by_kind) {
        if (json.size() > 1) json += ',';
        json.append("\"").append(kind).append("\":").append(std::to_string(count));
    }
    json += '}';
    return json;
}

}  // namespace

ColumnValues column_values(const domain::LedgerRow& row) {
    const auto& caller = row.caller;
    const auto& usage = row.usage;
    return ColumnValues{
        text(row.request_id),
        text(row.client_request_id),
        domain::utc_timestamp(row.started_at),
        domain::utc_timestamp(row.finished_at),
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
        findings_text(row.pii_findings),
    };
}

}  // namespace llmgw::infrastructure
