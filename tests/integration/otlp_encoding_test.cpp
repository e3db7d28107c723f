// The OTLP encodings of spans, checked against an independent decoder: the
// protobuf bytes are decoded by the OpenTelemetry JS project's decoder
// (generated from the official schema), never by our own code, and the
// OTLP JSON encoding must say exactly what that decoder read.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "observability/tracing/otlp_encoding.hpp"
#include "otlp_decoder.hpp"

namespace llmgw::observability {
namespace {
namespace json = boost::json;
using testing::attribute;
using testing::decode_otlp_protobuf;
using testing::spans_of;

TelemetryResource resource() {
    return {.attributes = {{"service.name", std::string("llm-gateway")}, {"service.instance.id", std::string("i-1")}},
            .scope_name = "llm-gateway",
            .scope_version = "0.1.0"};
}

// A server span continuing a caller's trace, and a failed client span under
// it with every kind of attribute value, an event and a long name (its
// length takes two bytes).
std::vector<Span> spans() {
    Span server;
    server.trace_id = {0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36};
    server.span_id = {0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7};
    server.parent_span_id = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88};
    server.parent_is_remote = true;
    server.trace_state = "congo=t61rcWkgMzE";
    server.name = "POST /v1/chat/completions";
    server.kind = SpanKind::server;
    server.start_unix_nano = 1'764'547'200'123'456'789ULL;
    server.end_unix_nano = 1'764'547'200'987'654'321ULL;
    server.attributes = {{"http.request.method", std::string("POST")},
                         {"http.response.status_code", std::int64_t{200}},
                         {"llmgw.cache_hit", false},
                         {"llmgw.cost_nanousd", std::int64_t{-1}}};
    server.events.push_back({.name = "retry",
                             .time_unix_nano = 1'764'547'200'500'000'000ULL,
                             .attributes = {{"llmgw.attempt", std::int64_t{2}}, {"error.type", std::string("upstream_error")}}});

    Span client;
    client.trace_id = server.trace_id;
    client.span_id = {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04};
    client.parent_span_id = server.span_id;
    client.name = "chat " + std::string(300, 'm');
    client.kind = SpanKind::client;
    client.start_unix_nano = 1'764'547'200'200'000'000ULL;
    client.end_unix_nano = 1'764'547'200'400'000'000ULL;
    client.attributes = {{"gen_ai.request.temperature", 0.7},
                         {"gen_ai.request.stop_sequences", std::vector<std::string>{"\n\n", "END"}},
                         {"gen_ai.request.stream", true},
                         {"gen_ai.usage.input_tokens", std::int64_t{1'234'567'890'123}},
                         {"llmgw.note", std::string("caf\xc3\xa9 \"quoted\" \\ \x01")}};
    client.status = SpanStatus::error;
    client.status_message = "upstream answered 503";
    client.sampled = true;
    return {server, client};
}

TEST(OtlpEncoding, TheOfficialDecoderReadsEveryFieldOfTheProtobufEncoding) {
    const auto all = spans();
    const auto decoded = decode_otlp_protobuf(encode_otlp_protobuf(resource(), all));
    const auto& resource_spans = decoded.at("resourceSpans").as_array();
    ASSERT_EQ(resource_spans.size(), 1u);
    const auto& resource_attributes = resource_spans[0].at("resource").at("attributes").as_array();
    ASSERT_EQ(resource_attributes.size(), 2u);
    EXPECT_EQ(resource_attributes[0].at("key"), "service.name");
    EXPECT_EQ(resource_attributes[0].at("value").at("stringValue"), "llm-gateway");
    const auto& scope = resource_spans[0].at("scopeSpans").as_array()[0].at("scope");
    EXPECT_EQ(scope.at("name"), "llm-gateway");
    EXPECT_EQ(scope.at("version"), "0.1.0");

    const auto found = spans_of(decoded);
    ASSERT_EQ(found.size(), 2u);
    const auto& server = found[0];
    EXPECT_EQ(server.at("traceId"), "4bf92f3577b34da6a3ce929d0e0e4736");
    EXPECT_EQ(server.at("spanId"), "00f067aa0ba902b7");
    EXPECT_EQ(server.at("parentSpanId"), "1122334455667788");
    EXPECT_EQ(server.at("traceState"), "congo=t61rcWkgMzE");
    EXPECT_EQ(server.at("name"), "POST /v1/chat/completions");
    EXPECT_EQ(server.at("kind"), 2);
    EXPECT_EQ(server.at("startTimeUnixNano"), "1764547200123456789");
    EXPECT_EQ(server.at("endTimeUnixNano"), "1764547200987654321");
    EXPECT_EQ(server.at("flags"), 0x301) << "sampled, and the parent is known to be remote";
    EXPECT_EQ(*attribute(server, "http.request.method"), "POST");
    EXPECT_EQ(*attribute(server, "http.response.status_code"), "200");
    EXPECT_EQ(*attribute(server, "llmgw.cache_hit"), false);
    EXPECT_EQ(*attribute(server, "llmgw.cost_nanousd"), "-1");
    EXPECT_FALSE(server.contains("status")) << "an unset status is the default, left out";
    const auto& event = server.at("events").as_array()[0].as_object();
    EXPECT_EQ(event.at("name"), "retry");
    EXPECT_EQ(event.at("timeUnixNano"), "1764547200500000000");
    EXPECT_EQ(*attribute(event, "llmgw.attempt"), "2");

    const auto& client = found[1];
    EXPECT_EQ(client.at("parentSpanId"), "00f067aa0ba902b7");
    EXPECT_EQ(client.at("name").as_string(), "chat " + std::string(300, 'm'));
    EXPECT_EQ(client.at("kind"), 3);
    EXPECT_EQ(client.at("flags"), 0x101) << "sampled, and the parent is known to be local";
    EXPECT_FALSE(client.contains("traceState"));
    EXPECT_DOUBLE_EQ(attribute(client, "gen_ai.request.temperature")->as_double(), 0.7);
    EXPECT_EQ(*attribute(client, "gen_ai.request.stop_sequences"), (json::array{"\n\n", "END"}));
    EXPECT_EQ(*attribute(client, "gen_ai.request.stream"), true);
    EXPECT_EQ(*attribute(client, "gen_ai.usage.input_tokens"), "1234567890123");
    EXPECT_EQ(*attribute(client, "llmgw.note"), "caf\xc3\xa9 \"quoted\" \\ \x01");
    EXPECT_EQ(client.at("status").at("code"), 2);
    EXPECT_EQ(client.at("status").at("message"), "upstream answered 503");
}

TEST(OtlpEncoding, TheJsonEncodingSaysWhatTheOfficialDecoderReadFromTheProtobuf) {
    const auto all = spans();
    const auto from_protobuf = decode_otlp_protobuf(encode_otlp_protobuf(resource(), all));
    const auto from_json = json::parse(encode_otlp_json(resource(), all));
    EXPECT_EQ(from_json, from_protobuf) << "json:     " << json::serialize(from_json)
                                        << "\nprotobuf: " << json::serialize(from_protobuf);
}

TEST(OtlpEncoding, MessagesOfEveryLengthClassAreFramedRight) {
    // Lengths that take one, two and three bytes, nested inside one another.
    std::vector<Span> many;
    for (const std::size_t size : {0u, 1u, 126u, 127u, 128u, 129u, 16'383u, 16'384u, 70'000u}) {
        Span span = spans()[1];
        span.name = std::to_string(size);
        span.attributes.push_back({"payload", std::string(size, 'x')});
        many.push_back(span);
    }
    const auto found = spans_of(decode_otlp_protobuf(encode_otlp_protobuf(resource(), many)));
    ASSERT_EQ(found.size(), many.size());
    for (std::size_t i = 0; i < many.size(); ++i) {
        EXPECT_EQ(found[i].at("name").as_string(), many[i].name);
        EXPECT_EQ(attribute(found[i], "payload")->as_string().size(), std::stoul(many[i].name));
    }
}

TEST(OtlpEncoding, NoSpansMakeAnExportWithNone) {
    const auto decoded = decode_otlp_protobuf(encode_otlp_protobuf(resource(), {}));
    EXPECT_TRUE(spans_of(decoded).empty());
    EXPECT_TRUE(spans_of(json::parse(encode_otlp_json(resource(), {}))).empty());
}

TEST(OtlpEncoding, ValuesJsonCannotHoldAreSpelledAsTheProtobufJsonMappingDoes) {
    Span span = spans()[1];
    span.attributes = {{"a", std::numeric_limits<double>::quiet_NaN()},
                       {"b", std::numeric_limits<double>::infinity()}};
    const auto decoded = json::parse(encode_otlp_json(resource(), std::vector<Span>{span}));
    const auto found = spans_of(decoded);
    EXPECT_EQ(*attribute(found[0], "a"), "NaN");
    EXPECT_EQ(*attribute(found[0], "b"), "Infinity");
}

}  // namespace
}  // namespace llmgw::observability
