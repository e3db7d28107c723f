#pragma once

#include <yaml-cpp/yaml.h>

#include "infrastructure/config/config_reader.hpp"

namespace llmgw::infrastructure::config_reading {

// `telemetry` from `root` (absent: the defaults), then the OpenTelemetry
// environment variables over it: OTEL_SDK_DISABLED, OTEL_TRACES_EXPORTER,
// OTEL_EXPORTER_OTLP_[TRACES_]{ENDPOINT,PROTOCOL,HEADERS,TIMEOUT},
// OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_TRACES_SAMPLER[_ARG]
// and OTEL_BSP_*. A value either way that cannot be used fails start-up.
TelemetryConfig read_telemetry(Reader& reader, const YAML::Node& root, const EnvLookup& env);

// "k1=v1,k2=v2" with percent-encoded values (the W3C Baggage format that
// OTEL_EXPORTER_OTLP_HEADERS and OTEL_RESOURCE_ATTRIBUTES use); none when
// malformed.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_key_value_list(std::string_view text);

}  // namespace llmgw::infrastructure::config_reading
