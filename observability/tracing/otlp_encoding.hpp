#pragma once

#include <span>
#include <string>

#include "observability/tracing/span.hpp"

namespace llmgw::observability {

// An OTLP/HTTP trace export request (collector/trace/v1
// ExportTraceServiceRequest) holding `spans` under one resource and scope,
// in the protobuf binary encoding (`application/x-protobuf`, OTLP's
// default)...
std::string encode_otlp_protobuf(const TelemetryResource& resource, std::span<const Span> spans);

// ... or in the OTLP JSON encoding (`application/json`): the protobuf JSON
// mapping with OTLP's exceptions (ids as lower-case hex, enums as numbers,
// 64-bit integers as decimal strings).
std::string encode_otlp_json(const TelemetryResource& resource, std::span<const Span> spans);

}  // namespace llmgw::observability
