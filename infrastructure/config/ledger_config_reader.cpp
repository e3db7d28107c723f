#include "infrastructure/config/ledger_config_reader.hpp"

namespace llmgw::infrastructure::config_reading {

namespace {

bool drop_when_full(Reader& reader, const YAML::Node& node, const std::string& path) {
    const auto mode = reader.string(node, path);
    if (mode != "reject" && mode != "drop") reader.fail(node, path, "expected reject or drop");
    return mode == "drop";
}

}  // namespace

LedgerConfig read_ledger(Reader& reader, const YAML::Node& root, const EnvLookup& env) {
    LedgerConfig ledger;
    if (root["on_ledger_full"]) ledger.drop_when_full = drop_when_full(reader, root["on_ledger_full"], "on_ledger_full");
    const auto node = root["ledger"];
    if (!node) return ledger;
    reader.expect_map(node, "ledger",
                      {"kind", "path", "dsn_env", "flush_ms", "batch_rows", "queue_rows", "on_ledger_full"});
    if (node["kind"]) {
        const auto kind = reader.string(node["kind"], "ledger.kind");
        if (kind == "sqlite") {
            ledger.kind = LedgerConfig::Kind::sqlite;
        } else if (kind == "postgres") {
            ledger.kind = LedgerConfig::Kind::postgres;
        } else if (kind == "memory") {
            ledger.kind = LedgerConfig::Kind::memory;
        } else {
            reader.fail(node["kind"], "ledger.kind", "unknown kind `" + kind + "` (expected sqlite, postgres or memory)");
        }
    }
    const bool sqlite = ledger.kind == LedgerConfig::Kind::sqlite;
    const bool postgres = ledger.kind == LedgerConfig::Kind::postgres;
    if (node["path"]) {
        if (!sqlite) reader.fail(node["path"], "ledger.path", "a path is for kind sqlite");
        ledger.path = reader.string(node["path"], "ledger.path");
        if (ledger.path.empty()) reader.fail(node["path"], "ledger.path", "must not be empty");
    }
    if (node["dsn_env"].IsDefined() != postgres) {
        reader.fail(node, "ledger.dsn_env",
                    postgres ? "kind postgres needs dsn_env: the environment variable holding the connection string"
                             : "dsn_env is for kind postgres");
    }
    if (postgres) {
        ledger.dsn_env = reader.string(node["dsn_env"], "ledger.dsn_env");
        auto dsn = env(ledger.dsn_env);
        if (!dsn || dsn->empty()) {
            reader.fail(node["dsn_env"], "ledger.dsn_env", "the environment variable `" + ledger.dsn_env + "` is not set");
        }
        ledger.dsn = std::move(*dsn);
    }
    if (node["flush_ms"]) {
        ledger.flush_interval = std::chrono::milliseconds(reader.integer(node["flush_ms"], "ledger.flush_ms", 1, 60'000));
    }
    if (node["batch_rows"]) {
        ledger.batch_rows = static_cast<std::size_t>(reader.integer(node["batch_rows"], "ledger.batch_rows", 1, 10'000));
    }
    if (node["queue_rows"]) {
        ledger.queue_rows =
            static_cast<std::size_t>(reader.integer(node["queue_rows"], "ledger.queue_rows", 1, 10'000'000));
    }
    if (node["on_ledger_full"]) {
        ledger.drop_when_full = drop_when_full(reader, node["on_ledger_full"], "ledger.on_ledger_full");
    }
    return ledger;
}

}  // namespace llmgw::infrastructure::config_reading
