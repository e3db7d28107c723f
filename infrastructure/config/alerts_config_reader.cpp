#include "infrastructure/config/alerts_config_reader.hpp"

#include <algorithm>

#include "infrastructure/http/endpoint.hpp"

namespace llmgw::infrastructure::config_reading {

namespace {

std::string from_environment(Reader& reader, const YAML::Node& node, const std::string& path, const EnvLookup& env) {
    const auto name = reader.string(node, path);
    auto value = env(name);
    if (!value || value->empty()) reader.fail(node, path, "the environment variable `" + name + "` is not set");
    return std::move(*value);
}

}  // namespace

AlertsConfig read_alerts(Reader& reader, const YAML::Node& root, const EnvLookup& env) {
    AlertsConfig alerts;
    const auto node = root["alerts"];
    if (!node) return alerts;
    reader.expect_map(node, "alerts",
                      {"thresholds", "webhook_url", "webhook_url_env", "webhook_token_env", "webhook_max_attempts",
                       "source"});
    if (const auto thresholds = node["thresholds"]) {
        if (!thresholds.IsSequence()) reader.fail(thresholds, "alerts.thresholds", "expected a list of percentages");
        alerts.thresholds.clear();
        for (std::size_t i = 0; i < thresholds.size(); ++i) {
            const auto path = "alerts.thresholds[" + std::to_string(i) + "]";
            const auto percent = static_cast<int>(reader.integer(thresholds[i], path, 1, 1'000));
            if (std::find(alerts.thresholds.begin(), alerts.thresholds.end(), percent) != alerts.thresholds.end()) {
                reader.fail(thresholds[i], path, "listed twice");
            }
            alerts.thresholds.push_back(percent);
        }
    }
    if (node["webhook_url"] && node["webhook_url_env"]) {
        reader.fail(node, "alerts", "give webhook_url or webhook_url_env, not both");
    }
    if (node["webhook_url"]) alerts.webhook_url = reader.string(node["webhook_url"], "alerts.webhook_url");
    if (node["webhook_url_env"]) {
        alerts.webhook_url = from_environment(reader, node["webhook_url_env"], "alerts.webhook_url_env", env);
        alerts.webhook_url_secret = true;
    }
    const auto url_node = node["webhook_url"] ? node["webhook_url"] : node["webhook_url_env"];
    if (url_node && !parse_endpoint(alerts.webhook_url)) {
        // Never quoted: it may hold a secret.
        reader.fail(url_node, "alerts.webhook_url", "must be an http:// or https:// URL");
    }
    if (node["webhook_token_env"]) {
        if (!url_node) reader.fail(node["webhook_token_env"], "alerts.webhook_token_env", "needs a webhook URL");
        alerts.webhook_token = from_environment(reader, node["webhook_token_env"], "alerts.webhook_token_env", env);
    }
    if (node["webhook_max_attempts"]) {
        alerts.webhook_max_attempts =
            static_cast<int>(reader.integer(node["webhook_max_attempts"], "alerts.webhook_max_attempts", 1, 100));
    }
    if (node["source"]) {
        alerts.source = reader.string(node["source"], "alerts.source");
        if (alerts.source.empty()) reader.fail(node["source"], "alerts.source", "must not be empty");
    }
    return alerts;
}

}  // namespace llmgw::infrastructure::config_reading
