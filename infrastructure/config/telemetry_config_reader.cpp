#include "infrastructure/config/telemetry_config_reader.hpp"

#include <charconv>

#include "infrastructure/config/listen_address.hpp"
#include "infrastructure/http/endpoint.hpp"
#include "observability/tracing/sampler.hpp"

namespace llmgw::infrastructure::config_reading {
namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::optional<std::string> percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        unsigned value = 0;
        if (i + 2 >= text.size()) return std::nullopt;
        const auto [end, error] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
        if (error != std::errc{} || end != text.data() + i + 3) return std::nullopt;
        out.push_back(static_cast<char>(value));
        i += 2;
    }
    return out;
}

[[noreturn]] void bad_variable(std::string_view name, const std::string& problem) {
    throw ConfigError("environment: " + std::string(name) + " " + problem);
}

std::optional<std::string> variable(const EnvLookup& env, std::string_view name) {
    auto value = env(name);
    if (!value || trim(*value).empty()) return std::nullopt;
    return std::string(trim(*value));
}

// The first of `names` that is set.
std::optional<std::pair<std::string_view, std::string>> first_variable(const EnvLookup& env,
                                                                       std::initializer_list<std::string_view> names) {
    for (const auto name : names) {
        if (auto value = variable(env, name)) return std::pair{name, std::move(*value)};
    }
    return std::nullopt;
}

long long whole_number(std::string_view name, std::string_view text, long long min, long long max) {
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        bad_variable(name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return value;
}

// OTEL_EXPORTER_OTLP_ENDPOINT names the collector's base URL; the traces
// path is added to it (the per-signal variable is used as it is).
std::string traces_url_of_base(std::string base) {
    if (!base.ends_with('/')) base.push_back('/');
    return base + "v1/traces";
}

bool json_protocol(std::string_view where, const std::string& protocol) {
    if (protocol == "http/protobuf") return false;
    if (protocol == "http/json") return true;
    if (protocol == "grpc") {
        throw ConfigError(std::string(where) + ": grpc is not supported; use http/protobuf (Jaeger and the "
                                               "OpenTelemetry Collector take it on port 4318)");
    }
    throw ConfigError(std::string(where) + ": unknown protocol `" + protocol +
                      "` (expected http/protobuf or http/json)");
}

void check_endpoint(std::string_view where, const std::string& url) {
    // Never quoted: a URL may carry a credential.
    if (!parse_endpoint(url)) throw ConfigError(std::string(where) + ": must be an http:// or https:// URL");
}

void read_file_section(Reader& reader, const YAML::Node& node, TelemetryConfig& telemetry, const EnvLookup& env) {
    reader.expect_map(node, "telemetry",
                      {"metrics_auth", "metrics_listen", "capture_content", "capture_content_max_bytes", "otlp_endpoint", "otlp_traces_endpoint", "otlp_protocol", "otlp_headers_env",
                       "otlp_timeout_ms", "service_name", "resource_attributes", "sampler", "sampler_arg",
                       "max_queue_size", "max_export_batch_size", "schedule_delay_ms"});
    auto& tracing = telemetry.tracing;
    if (node["metrics_auth"]) telemetry.metrics_auth = reader.boolean(node["metrics_auth"], "telemetry.metrics_auth");
    const bool capture = node["capture_content"] && reader.boolean(node["capture_content"], "telemetry.capture_content");
    if (capture) telemetry.capture_content_bytes = 16384;
    if (node["capture_content_max_bytes"]) {
        const auto bytes = reader.integer(node["capture_content_max_bytes"], "telemetry.capture_content_max_bytes", 64, 1'048'576);
        if (capture) telemetry.capture_content_bytes = static_cast<std::size_t>(bytes);
    }
    if (node["metrics_listen"]) {
        telemetry.metrics_listen = parse_listen_address(reader.string(node["metrics_listen"], "telemetry.metrics_listen"),
                                                        "telemetry.metrics_listen");
    }
    if (node["otlp_endpoint"] && node["otlp_traces_endpoint"]) {
        reader.fail(node, "telemetry", "give otlp_endpoint or otlp_traces_endpoint, not both");
    }
    if (node["otlp_endpoint"]) {
        tracing.endpoint = traces_url_of_base(reader.string(node["otlp_endpoint"], "telemetry.otlp_endpoint"));
    }
    if (node["otlp_traces_endpoint"]) {
        tracing.endpoint = reader.string(node["otlp_traces_endpoint"], "telemetry.otlp_traces_endpoint");
    }
    if (!tracing.endpoint.empty()) check_endpoint("telemetry.otlp_endpoint", tracing.endpoint);
    if (node["otlp_protocol"]) {
        tracing.json =
            json_protocol("telemetry.otlp_protocol", reader.string(node["otlp_protocol"], "telemetry.otlp_protocol"));
    }
    if (node["otlp_headers_env"]) {
        // Headers carry credentials: they come from the environment, in
        // OTEL_EXPORTER_OTLP_HEADERS' format.
        const auto name = reader.string(node["otlp_headers_env"], "telemetry.otlp_headers_env");
        const auto text = variable(env, name);
        if (!text) reader.fail(node["otlp_headers_env"], "telemetry.otlp_headers_env", "`" + name + "` is not set");
        auto headers = parse_key_value_list(*text);
        if (!headers) bad_variable(name, "must be a list of key=value pairs separated by commas");
        tracing.headers = std::move(*headers);
    }
    if (node["otlp_timeout_ms"]) {
        tracing.timeout = std::chrono::milliseconds(
            reader.integer(node["otlp_timeout_ms"], "telemetry.otlp_timeout_ms", 1, 600'000));
    }
    if (node["service_name"]) {
        tracing.service_name = reader.string(node["service_name"], "telemetry.service_name");
        if (tracing.service_name.empty()) reader.fail(node["service_name"], "telemetry.service_name", "must not be empty");
    }
    if (const auto attributes = node["resource_attributes"]) {
        if (!attributes.IsMap()) reader.fail(attributes, "telemetry.resource_attributes", "expected a map");
        for (const auto& entry : attributes) {
            const auto key = entry.first.as<std::string>();
            tracing.resource_attributes.emplace_back(
                key, reader.string(entry.second, "telemetry.resource_attributes." + key));
        }
    }
    if (node["sampler"]) tracing.sampler = reader.string(node["sampler"], "telemetry.sampler");
    if (node["sampler_arg"]) tracing.sampler_arg = reader.string(node["sampler_arg"], "telemetry.sampler_arg");
    if (node["max_queue_size"]) {
        tracing.max_queue_size =
            static_cast<std::size_t>(reader.integer(node["max_queue_size"], "telemetry.max_queue_size", 1, 1'000'000));
    }
    if (node["max_export_batch_size"]) {
        tracing.max_export_batch_size = static_cast<std::size_t>(
            reader.integer(node["max_export_batch_size"], "telemetry.max_export_batch_size", 1, 1'000'000));
    }
    if (node["schedule_delay_ms"]) {
        tracing.schedule_delay = std::chrono::milliseconds(
            reader.integer(node["schedule_delay_ms"], "telemetry.schedule_delay_ms", 1, 3'600'000));
    }
}

void read_environment(TracingConfig& tracing, const EnvLookup& env) {
    if (auto endpoint = variable(env, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
        check_endpoint("environment: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", *endpoint);
        tracing.endpoint = std::move(*endpoint);
    } else if (auto base = variable(env, "OTEL_EXPORTER_OTLP_ENDPOINT")) {
        check_endpoint("environment: OTEL_EXPORTER_OTLP_ENDPOINT", *base);
        tracing.endpoint = traces_url_of_base(std::move(*base));
    }
    if (auto protocol = first_variable(env, {"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"})) {
        tracing.json = json_protocol("environment: " + std::string(protocol->first), protocol->second);
    }
    for (const auto name : {"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS"}) {
        // The per-signal list adds to the general one, and wins a clash.
        const auto text = variable(env, name);
        if (!text) continue;
        auto headers = parse_key_value_list(*text);
        if (!headers) bad_variable(name, "must be a list of key=value pairs separated by commas");
        for (auto& header : *headers) put(tracing.headers, std::move(header));
    }
    if (auto timeout = first_variable(env, {"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"})) {
        tracing.timeout = std::chrono::milliseconds(whole_number(timeout->first, timeout->second, 1, 600'000));
    }
    if (auto attributes = variable(env, "OTEL_RESOURCE_ATTRIBUTES")) {
        auto list = parse_key_value_list(*attributes);
        if (!list) bad_variable("OTEL_RESOURCE_ATTRIBUTES", "must be a list of key=value pairs separated by commas");
        for (auto& attribute : *list) {
            if (attribute.first == "service.name") {
                tracing.service_name = std::move(attribute.second);
                continue;
            }
            put(tracing.resource_attributes, std::move(attribute));
        }
    }
    if (auto name = variable(env, "OTEL_SERVICE_NAME")) tracing.service_name = std::move(*name);
    if (auto sampler = variable(env, "OTEL_TRACES_SAMPLER")) tracing.sampler = std::move(*sampler);
    if (auto argument = variable(env, "OTEL_TRACES_SAMPLER_ARG")) tracing.sampler_arg = std::move(*argument);
    if (auto size = variable(env, "OTEL_BSP_MAX_QUEUE_SIZE")) {
        tracing.max_queue_size = static_cast<std::size_t>(whole_number("OTEL_BSP_MAX_QUEUE_SIZE", *size, 1, 1'000'000));
    }
    if (auto size = variable(env, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE")) {
        tracing.max_export_batch_size =
            static_cast<std::size_t>(whole_number("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", *size, 1, 1'000'000));
    }
    if (auto delay = variable(env, "OTEL_BSP_SCHEDULE_DELAY")) {
        tracing.schedule_delay =
            std::chrono::milliseconds(whole_number("OTEL_BSP_SCHEDULE_DELAY", *delay, 1, 3'600'000));
    }
    if (auto exporter = variable(env, "OTEL_TRACES_EXPORTER")) {
        if (*exporter == "none") tracing.endpoint.clear();
        else if (*exporter != "otlp") bad_variable("OTEL_TRACES_EXPORTER", "must be otlp or none");
    }
    if (auto disabled = variable(env, "OTEL_SDK_DISABLED"); disabled && (*disabled == "true" || *disabled == "TRUE")) {
        tracing.endpoint.clear();
    }
}

}  // namespace

std::optional<std::vector<std::pair<std::string, std::string>>> parse_key_value_list(std::string_view text) {
    std::vector<std::pair<std::string, std::string>> pairs;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto member = trim(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
        if (member.empty()) continue;
        const auto equals = member.find('=');
        if (equals == std::string_view::npos) return std::nullopt;
        const auto key = trim(member.substr(0, equals));
        auto value = percent_decoded(trim(member.substr(equals + 1)));
        if (key.empty() || !value) return std::nullopt;
        pairs.emplace_back(std::string(key), std::move(*value));
    }
    return pairs;
}

TelemetryConfig read_telemetry(Reader& reader, const YAML::Node& root, const EnvLookup& env) {
    TelemetryConfig telemetry;
    if (root && root["telemetry"]) read_file_section(reader, root["telemetry"], telemetry, env);
    auto& tracing = telemetry.tracing;
    read_environment(tracing, env);
    if (!observability::Sampler::parse(tracing.sampler, tracing.sampler_arg)) {
        throw ConfigError("telemetry.sampler (or OTEL_TRACES_SAMPLER): unknown sampler `" + tracing.sampler +
                          "` or argument `" + tracing.sampler_arg +
                          "` (expected always_on, always_off, traceidratio or parentbased_ one of them, with a "
                          "ratio from 0 to 1)");
    }
    if (tracing.max_export_batch_size > tracing.max_queue_size) tracing.max_export_batch_size = tracing.max_queue_size;
    return telemetry;
}

}  // namespace llmgw::infrastructure::config_reading
