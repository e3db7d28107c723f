#include <gtest/gtest.h>

#include "adapters/inbound/http/cache_headers.hpp"

namespace llmgw::adapters {
namespace {
namespace http = boost::beast::http;

http::request<http::string_body> request_with(std::vector<std::pair<std::string, std::string>> headers) {
    http::request<http::string_body> request{http::verb::post, "/v1/chat/completions", 11};
    for (const auto& [name, value] : headers) request.insert(name, value);
    return request;
}

TEST(CacheControlHeader, ReadsTheDirectivesThatMatterInAnyCase) {
    const auto control = cache_control_of(request_with({{"Cache-Control", "No-Cache, max-age=60, private"},
                                                        {"cache-control", "no-store"}}));
    ASSERT_TRUE(control);
    EXPECT_TRUE(control.value().no_cache);
    EXPECT_TRUE(control.value().no_store);
    EXPECT_EQ(control.value().max_age, std::chrono::seconds(60));
    EXPECT_FALSE(control.value().ttl);

    const auto none = cache_control_of(request_with({}));
    ASSERT_TRUE(none);
    EXPECT_FALSE(none.value().no_cache || none.value().no_store || none.value().max_age);
}

TEST(CacheControlHeader, AnUnreadableMaxAgeIsZeroAndTheStrictestWins) {
    EXPECT_EQ(cache_control_of(request_with({{"cache-control", "max-age=soon"}})).value().max_age, std::chrono::seconds(0));
    EXPECT_EQ(cache_control_of(request_with({{"cache-control", "max-age"}})).value().max_age, std::chrono::seconds(0));
    EXPECT_EQ(cache_control_of(request_with({{"cache-control", "max-age=\"30\", max-age=10"}})).value().max_age,
              std::chrono::seconds(10));
    EXPECT_EQ(cache_control_of(request_with({{"cache-control", "max-age=99999999999999999999"}})).value().max_age,
              std::chrono::seconds(2'147'483'648));
}

TEST(CacheControlHeader, TheTtlHeaderIsWholeSecondsOrA400) {
    EXPECT_EQ(cache_control_of(request_with({{"x-llmgw-cache-ttl", "3600"}})).value().ttl, std::chrono::seconds(3600));
    for (const std::string bad : {"0", "-5", "1.5", "soon", "2592001", ""}) {
        const auto control = cache_control_of(request_with({{"x-llmgw-cache-ttl", bad}}));
        ASSERT_FALSE(control) << bad;
        EXPECT_EQ(control.error().code, domain::ErrorCode::invalid_request);
        EXPECT_NE(control.error().message.find("x-llmgw-cache-ttl"), std::string::npos);
    }
}

}  // namespace
}  // namespace llmgw::adapters
