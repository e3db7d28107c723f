#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "observability/json_text.hpp"

namespace llmgw::observability {
namespace {

std::string as_json(std::string_view value) {
    std::string out;
    append_json_string(out, value);
    return out;
}

TEST(AppendJsonString, EscapesWhatJsonRequires) {
    EXPECT_EQ(as_json("a\"b\\c\n\x01"), R"("a\"b\\c\n\u0001")");
}

TEST(AppendJsonString, PassesWellFormedUtf8Through) {
    EXPECT_EQ(as_json("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80"), "\"h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80\"");
}

TEST(AppendJsonString, WritesEveryByteThatIsNotUtf8AsAReplacementCharacter) {
    // A stray byte (found by the inbound_http fuzz target in a request
    // path), a truncated sequence, an overlong form, a surrogate, and a code
    // point past U+10FFFF: each would make the whole body invalid JSON.
    for (std::string_view bad : {"\xD5", "\xE2\x82", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF"}) {
        const auto text = as_json(std::string("path/") + std::string(bad) + "/end");
        boost::system::error_code error;
        const auto parsed = boost::json::parse(text, error);
        ASSERT_FALSE(error) << text;
        EXPECT_NE(parsed.as_string().find("\xEF\xBF\xBD"), std::string::npos);
        EXPECT_TRUE(parsed.as_string().ends_with("/end"));
    }
}

}  // namespace
}  // namespace llmgw::observability
