#include "otlp_decoder.hpp"

#include <cstdio>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace llmgw::testing {
namespace json = boost::json;

json::value decode_otlp_protobuf(const std::string& body) {
    char path[] = "/tmp/llmgw-otlp-XXXXXX";
    const int fd = ::mkstemp(path);
    EXPECT_GE(fd, 0);
    ::close(fd);
    std::ofstream(path, std::ios::binary) << body;
    const std::string command = std::string(LLMGW_NODE) + " " + LLMGW_OTLP_DECODER + " " + path + " 2>&1";
    FILE* decoder = ::popen(command.c_str(), "r");
    EXPECT_NE(decoder, nullptr);
    std::string output;
    char buffer[4096];
    std::size_t read = 0;
    while (decoder && (read = std::fread(buffer, 1, sizeof buffer, decoder)) > 0) output.append(buffer, read);
    const int status = decoder ? ::pclose(decoder) : -1;
    std::remove(path);
    EXPECT_EQ(status, 0) << "the OTLP decoder refused the " << body.size() << " bytes starting "
                         << json::serialize(json::value(body.substr(0, 16))) << ": " << output;
    boost::system::error_code error;
    auto decoded = json::parse(output, error);
    EXPECT_FALSE(error) << output;
    return decoded;
}

std::vector<json::object> spans_of(const json::value& export_request) {
    std::vector<json::object> spans;
    const auto* resources = export_request.as_object().if_contains("resourceSpans");
    if (!resources) return spans;
    for (const auto& resource : resources->as_array()) {
        for (const auto& scope : resource.at("scopeSpans").as_array()) {
            const auto* list = scope.as_object().if_contains("spans");
            if (!list) continue;
            for (const auto& span : list->as_array()) spans.push_back(span.as_object());
        }
    }
    return spans;
}

namespace {

json::value unwrapped(const json::object& any) {
    if (const auto* text = any.if_contains("stringValue")) return *text;
    if (const auto* flag = any.if_contains("boolValue")) return *flag;
    if (const auto* number = any.if_contains("intValue")) return *number;
    if (const auto* number = any.if_contains("doubleValue")) return *number;
    if (const auto* array = any.if_contains("arrayValue")) {
        json::array values;
        if (const auto* list = array->as_object().if_contains("values")) {
            for (const auto& value : list->as_array()) values.push_back(unwrapped(value.as_object()));
        }
        return values;
    }
    return nullptr;
}

}  // namespace

std::optional<json::value> attribute(const json::object& span, std::string_view key) {
    const auto* attributes = span.if_contains("attributes");
    if (!attributes) return std::nullopt;
    for (const auto& entry : attributes->as_array()) {
        if (entry.at("key").as_string() == key) return unwrapped(entry.at("value").as_object());
    }
    return std::nullopt;
}

}  // namespace llmgw::testing
