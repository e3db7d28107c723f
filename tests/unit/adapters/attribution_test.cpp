#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/inbound/http/attribution.hpp"

namespace llmgw::adapters {
namespace {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;

Request with_headers(std::initializer_list<std::pair<const char*, std::string>> headers) {
    Request request{http::verb::post, "/v1/chat/completions", 11};
    for (const auto& [name, value] : headers) request.set(name, value);
    return request;
}

TEST(Attribution, ReadsSessionAgentAndTagsFromHeaders) {
    domain::Attribution caller;
    const auto request = with_headers({{"x-llmgw-session-id", " sess-42 "},
                                       {"x-llmgw-source-agent", "planner"},
                                       {"x-llmgw-tags", "nightly, batch,,eu "}});
    ASSERT_TRUE(attribute_from_headers(request, caller));
    EXPECT_EQ(caller.session_id, "sess-42");
    EXPECT_EQ(caller.source_agent, "planner");
    EXPECT_EQ(caller.tags, (std::vector<std::string>{"nightly", "batch", "eu"}));
}

TEST(Attribution, HeadersBeyondTheirBoundsAre400sNamingThem) {
    for (const auto& [name, value] :
         std::vector<std::pair<const char*, std::string>>{{"x-llmgw-session-id", std::string(257, 's')},
                                                          {"x-llmgw-source-agent", "tab\there"},
                                                          {"x-llmgw-tags", std::string(65, 't')}}) {
        domain::Attribution caller;
        const auto refused = attribute_from_headers(with_headers({{name, value}}), caller);
        ASSERT_FALSE(refused) << name;
        EXPECT_EQ(refused.error().code, domain::ErrorCode::invalid_request);
        EXPECT_NE(refused.error().message.find(name), std::string::npos);
    }
    std::string many;
    for (int i = 0; i < 33; ++i) many += "t" + std::to_string(i) + ",";
    domain::Attribution caller;
    EXPECT_FALSE(attribute_from_headers(with_headers({{"x-llmgw-tags", many}}), caller));
}

TEST(Attribution, TheBodyFillsWhatHeadersAndTheKeyLeftEmpty) {
    const auto body = boost::json::parse(
        R"({"user":"alice@example.com","metadata":{"session_id":"from-body","source_agent":"researcher","trace_id":"t"}})");
    domain::Attribution caller;
    caller.session_id = "from-header";
    attribute_from_body(body.as_object(), caller);
    EXPECT_EQ(caller.end_user, "alice@example.com");
    EXPECT_EQ(caller.session_id, "from-header") << "a header wins over the body";
    EXPECT_EQ(caller.source_agent, "researcher");

    domain::Attribution keyed;
    keyed.end_user = "svc-ranker";  // the key's own user
    attribute_from_body(body.as_object(), keyed);
    EXPECT_EQ(keyed.end_user, "svc-ranker");
}

TEST(Attribution, OddBodyFieldsAreLeftOutNotRefused) {
    const auto body = boost::json::parse(R"({"user":42,"metadata":{"session_id":")" + std::string(300, 'x') + R"("}})");
    domain::Attribution caller;
    attribute_from_body(body.as_object(), caller);
    EXPECT_TRUE(caller.end_user.empty());
    EXPECT_TRUE(caller.session_id.empty());
}

}  // namespace
}  // namespace llmgw::adapters
