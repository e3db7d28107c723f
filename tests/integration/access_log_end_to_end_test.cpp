// The access log of the built gateway: one `request` line per request with
// what a model call asked for and got, written by the log writer thread;
// `log:` switching it off, sampling successes, and the text format.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "gateway_process.hpp"
#include "http_test_client.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;
namespace http = boost::beast::http;

constexpr const char* key_secret = "llmgw-access-key-0123456789";

std::string config(const std::string& log_section = "") {
    return "providers:\n"
           "  - { name: mock, kind: mock }\n"
           "models:\n"
           "  - { name: fast, provider: mock, upstream_model: mock-echo, pricing: { input_per_mtok: 1.00, output_per_mtok: 2.00 } }\n"
           "auth:\n"
           "  keys:\n"
           "    - { id: ranker, key_env: TEST_ACCESS_KEY, team: search, project: ranking }\n" +
           log_section;
}

TestResponse chat(const GatewayProcess& gateway, const std::string& model, const std::string& request_id) {
    return http_request(gateway.port(), http::verb::post, "/v1/chat/completions",
                        R"({"model":")" + model + R"(","messages":[{"role":"user","content":"four words of input"}]})",
                        {{"content-type", "application/json"},
                         {"authorization", std::string("Bearer ") + key_secret},
                         {"x-request-id", request_id}});
}

// The access line of the request the caller named `request_id`.
json::object access_line(const GatewayProcess& gateway, const std::string& request_id) {
    const auto marker = "\"client_request_id\":\"" + request_id + "\"";
    EXPECT_TRUE(gateway.wait_for_log(marker)) << gateway.log();
    const auto log = gateway.log();
    const auto at = log.find(marker);
    if (at == std::string::npos) return {};
    const auto begin = log.rfind('\n', at) + 1;
    return json::parse(log.substr(begin, log.find('\n', at) - begin)).as_object();
}

TEST(AccessLogEndToEnd, AModelCallsLineTellsWhatItAskedForAndGot) {
    GatewayProcess gateway(config(), {{"TEST_ACCESS_KEY", key_secret}});
    const auto response = chat(gateway, "fast", "caller-42");
    ASSERT_EQ(response.result_int(), 200) << response.body();

    const auto line = access_line(gateway, "caller-42");
    EXPECT_EQ(line.at("event"), "request");
    EXPECT_EQ(line.at("request_id").as_string(), response["x-llmgw-request-id"]);
    EXPECT_EQ(line.at("trace_id").as_string().size(), 32u);
    EXPECT_EQ(line.at("method"), "POST");
    EXPECT_EQ(line.at("path"), "/v1/chat/completions");
    EXPECT_EQ(line.at("status"), "200");
    EXPECT_EQ(line.at("client_address"), "127.0.0.1");
    EXPECT_EQ(line.at("model"), "fast");
    EXPECT_EQ(line.at("served_model"), "fast");
    EXPECT_EQ(line.at("provider"), "mock");
    EXPECT_EQ(line.at("stream"), "false");
    EXPECT_EQ(line.at("cache"), "miss");
    EXPECT_EQ(line.at("attempts"), "1");
    EXPECT_EQ(line.at("key_id"), "ranker");
    EXPECT_EQ(line.at("team"), "search");
    const auto usage = json::parse(response.body()).at("usage");
    EXPECT_EQ(line.at("prompt_tokens").as_string(), std::to_string(usage.at("prompt_tokens").as_int64()));
    EXPECT_EQ(line.at("completion_tokens").as_string(), std::to_string(usage.at("completion_tokens").as_int64()));
    EXPECT_FALSE(line.at("cost_usd").as_string().empty());
    EXPECT_TRUE(line.contains("latency_ms"));
    EXPECT_EQ(gateway.log().find(key_secret), std::string::npos) << "the key never";
}

TEST(AccessLogEndToEnd, ARefusedCallsLineNamesItsError) {
    GatewayProcess gateway(config(), {{"TEST_ACCESS_KEY", key_secret}});
    ASSERT_EQ(chat(gateway, "unknown-model", "caller-404").result_int(), 404);
    const auto line = access_line(gateway, "caller-404");
    EXPECT_EQ(line.at("status"), "404");
    EXPECT_EQ(line.at("error"), "model_not_found");
    EXPECT_FALSE(line.contains("served_model"));
}

TEST(AccessLogEndToEnd, SampledAwaySuccessesAreNotWrittenButFailuresAlwaysAre) {
    GatewayProcess gateway(config("log: { access_sample: 0 }\n"), {{"TEST_ACCESS_KEY", key_secret}});
    ASSERT_EQ(chat(gateway, "fast", "sampled-away").result_int(), 200);
    ASSERT_EQ(chat(gateway, "unknown-model", "always-kept").result_int(), 404);
    access_line(gateway, "always-kept");
    EXPECT_EQ(gateway.log().find("sampled-away"), std::string::npos) << gateway.log();
}

TEST(AccessLogEndToEnd, TheAccessLogCanBeOffAndTheLogText) {
    GatewayProcess gateway(config("log: { access: false, format: text }\n"), {{"TEST_ACCESS_KEY", key_secret}});
    ASSERT_EQ(chat(gateway, "fast", "not-logged").result_int(), 200);
    ASSERT_EQ(chat(gateway, "unknown-model", "not-logged-either").result_int(), 404);
    ASSERT_TRUE(gateway.wait_for_log(" info listening address=")) << gateway.log();
    EXPECT_EQ(gateway.log().find("not-logged"), std::string::npos) << gateway.log();
    EXPECT_EQ(gateway.log().find('{'), std::string::npos) << "no JSON lines: " << gateway.log();
}

}  // namespace
}  // namespace llmgw::testing
