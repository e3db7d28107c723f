#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace llmgw::testing {

// An OTLP/HTTP protobuf trace export decoded by an independent decoder (the
// OpenTelemetry JS project's, generated from the official schema; see
// tests/conformance/otlp_decode.mjs), as JSON in the OTLP JSON shape: ids
// in hex, 64-bit integers as strings. Fails the test when it cannot decode.
boost::json::value decode_otlp_protobuf(const std::string& body);

// Every span of an export request (decoded, or sent as OTLP JSON).
std::vector<boost::json::object> spans_of(const boost::json::value& export_request);

// A span's (or an event's) attribute value, unwrapped from its AnyValue:
// a string, bool, number, an int64 as its decimal string, or an array of
// the same. None when the attribute is missing.
std::optional<boost::json::value> attribute(const boost::json::object& span, std::string_view key);

}  // namespace llmgw::testing
