#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/openai_format/json_writer.hpp"

namespace llmgw::adapters {
namespace {
namespace json = boost::json;

TEST(JsonText, WritesNumbersAsTheyWereWrittenNotInExponentForm) {
    // Boost.JSON's serializer gives 1.25E1, 5E-1 and 1E2 for these.
    EXPECT_EQ(json_text(json::parse(R"({"t":12.5,"p":0.5,"f":100.0})")), R"({"t":12.5,"p":0.5,"f":100})");
    EXPECT_EQ(json_text(json::parse("[1e300,-0.25,3.141592653589793]")), "[1e+300,-0.25,3.141592653589793]");
}

TEST(JsonText, KeepsEveryKindOfValueAndEscapesStrings) {
    const auto text = R"({"n":null,"b":[true,false],"i":-9223372036854775808,"u":18446744073709551615,"s":"a\"\\\n\u0001","o":{"e":[],"o":{}}})";
    const auto written = json_text(json::parse(text));
    EXPECT_EQ(json::parse(written), json::parse(text));
    EXPECT_EQ(written, R"({"n":null,"b":[true,false],"i":-9223372036854775808,"u":18446744073709551615,"s":"a\"\\\n\u0001","o":{"e":[],"o":{}}})");
}

}  // namespace
}  // namespace llmgw::adapters
