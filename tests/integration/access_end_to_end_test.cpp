// Gateway API keys and model governance, against the built binary: who may
// call, with which header, and which models.

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "gateway_process.hpp"
#include "http_test_client.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;
namespace http = boost::beast::http;

constexpr const char* ranker_secret = "gw-search-ranker-0123456789";
constexpr const char* analyst_secret = "gw-analyst-abcdefghijkl";
constexpr const char* expired_secret = "gw-expired-zyxwvutsrqpo";
constexpr const char* admin_secret = "gw-admin-secret-5566778899";
// A key issued elsewhere, configured only by its SHA-256
// (`printf %s gw-issued-elsewhere-0000 | sha256sum`).
constexpr const char* issued_secret = "gw-issued-elsewhere-0000";
constexpr const char* issued_sha256 = "0C4AEBFE4240845C36ECC6369416844A501711554F027B070005AE0990C2F238";

const std::string config = R"(
providers:
  - { name: mock, kind: mock }
models:
  - { name: gpt-4.1-mini, provider: mock, upstream_model: mock-echo }
  - { name: claude-haiku, provider: mock, upstream_model: mock-echo }
  - { name: gemini-flash, provider: mock, upstream_model: mock-echo }
  - { name: embedder, provider: mock, upstream_model: mock-echo }
teams:
  - { name: search, models: ["gpt-*", "claude-*", "embedder"] }
  - { name: analytics }
projects:
  - { name: ranking }
auth:
  admin_key_env: TEST_ADMIN_KEY
  keys:
    - { id: search-ranker, key_env: TEST_RANKER_KEY, team: search, project: ranking, user: svc-ranker, models: [gpt-4.1-mini, embedder] }
    - { id: search-analyst, key_env: TEST_ANALYST_KEY, team: search }
    - { id: old-key, key_env: TEST_EXPIRED_KEY, team: analytics, expires_at: 2020-01-01T00:00:00Z }
    - { id: issued, key_sha256: )" + std::string(issued_sha256) + R"(, team: analytics }
)";

class AccessEndToEnd : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        gateway = new GatewayProcess(config, {{"TEST_ADMIN_KEY", admin_secret},
                                                           {"TEST_RANKER_KEY", ranker_secret},
                                                           {"TEST_ANALYST_KEY", analyst_secret},
                                                           {"TEST_EXPIRED_KEY", expired_secret}});
    }
    static void TearDownTestSuite() {
        delete gateway;
        gateway = nullptr;
    }

    static TestResponse chat(const std::string& model, std::vector<std::pair<std::string, std::string>> headers) {
        headers.emplace_back("content-type", "application/json");
        return http_request(gateway->port(), http::verb::post, "/v1/chat/completions",
                            R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hello"}]})", headers);
    }
    static std::vector<std::pair<std::string, std::string>> bearer(const std::string& secret) {
        return {{"authorization", "Bearer " + secret}};
    }
    static json::object error_of(const TestResponse& response) {
        return json::parse(response.body()).at("error").as_object();
    }

    static GatewayProcess* gateway;
};

GatewayProcess* AccessEndToEnd::gateway = nullptr;

TEST_F(AccessEndToEnd, AKeyInAnyOfTheThreeHeadersIsAccepted) {
    EXPECT_EQ(chat("gpt-4.1-mini", bearer(ranker_secret)).result_int(), 200);
    std::string lower_case = "bearer ";
    lower_case += ranker_secret;
    EXPECT_EQ(chat("gpt-4.1-mini", {{"authorization", lower_case}}).result_int(), 200);
    EXPECT_EQ(chat("gpt-4.1-mini", {{"x-api-key", ranker_secret}}).result_int(), 200);
    EXPECT_EQ(chat("gpt-4.1-mini", {{"api-key", ranker_secret}}).result_int(), 200);
}

TEST_F(AccessEndToEnd, MissingUnknownAndExpiredKeysGet401WithoutAHint) {
    const auto missing = chat("gpt-4.1-mini", {});
    EXPECT_EQ(missing.result_int(), 401);
    EXPECT_EQ(missing["www-authenticate"], "Bearer");
    EXPECT_EQ(error_of(missing).at("code").as_string(), "invalid_api_key");

    const auto unknown = chat("gpt-4.1-mini", bearer("gw-not-a-key-at-all-000"));
    const auto expired = chat("gpt-4.1-mini", bearer(expired_secret));
    EXPECT_EQ(unknown.result_int(), 401);
    EXPECT_EQ(expired.result_int(), 401);
    EXPECT_EQ(error_of(unknown).at("code").as_string(), "invalid_api_key");
    // Unknown and expired read the same: nobody learns that a key exists.
    EXPECT_EQ(error_of(unknown), error_of(expired));
    EXPECT_EQ(unknown.body().find("gw-not-a-key"), std::string::npos) << "the secret is never echoed";
}

TEST_F(AccessEndToEnd, KeysAreCheckedBeforeTheBodyIsRead) {
    const auto response = http_request(gateway->port(), http::verb::post, "/v1/chat/completions", "{not json",
                                       {{"content-type", "application/json"}});
    EXPECT_EQ(response.result_int(), 401);
    // Every route but liveness and readiness needs a key, with or without /v1.
    EXPECT_EQ(http_request(gateway->port(), http::verb::get, "/models").result_int(), 401);
    EXPECT_EQ(http_request(gateway->port(), http::verb::get, "/v1/health/providers").result_int(), 401);
    EXPECT_EQ(http_request(gateway->port(), http::verb::get, "/healthz").result_int(), 200);
    EXPECT_EQ(http_request(gateway->port(), http::verb::get, "/readyz").result_int(), 200);
}

TEST_F(AccessEndToEnd, AKeysOwnListComesBeforeItsTeamsAndARefusalIsA403) {
    // The ranker's own list has no claude; its team's has.
    const auto refused = chat("claude-haiku", bearer(ranker_secret));
    EXPECT_EQ(refused.result_int(), 403);
    EXPECT_EQ(error_of(refused).at("code").as_string(), "model_not_allowed");
    EXPECT_EQ(chat("claude-haiku", bearer(analyst_secret)).result_int(), 200) << "the team's list, by glob";
    EXPECT_EQ(chat("gemini-flash", bearer(analyst_secret)).result_int(), 403);
    // A team without a list, and the admin key: every model.
    EXPECT_EQ(chat("gemini-flash", {{"x-api-key", issued_secret}}).result_int(), 200) << "a key known by its SHA-256";
    EXPECT_EQ(chat("gemini-flash", bearer(admin_secret)).result_int(), 200);
    // Embeddings are governed the same way.
    const auto embedding = http_request(gateway->port(), http::verb::post, "/v1/embeddings",
                                        R"({"model":"claude-haiku","input":"x"})", bearer(ranker_secret));
    EXPECT_EQ(embedding.result_int(), 403);

    // The log's writer runs behind the requests.
    EXPECT_TRUE(gateway->wait_for_log(R"("event":"governance_violation")")) << gateway->log();
    EXPECT_NE(gateway->log().find(R"("key":"search-ranker")"), std::string::npos);
}

TEST_F(AccessEndToEnd, OnlyTheAdminKeyMayProbeEveryDeployment) {
    // A probe calls (and pays) every deployment: an operator's action.
    const auto refused =
        http_request(gateway->port(), http::verb::get, "/v1/health/providers?probe=true", {}, bearer(ranker_secret));
    EXPECT_EQ(refused.result_int(), 403);
    EXPECT_EQ(error_of(refused).at("code").as_string(), "forbidden");
    EXPECT_EQ(http_request(gateway->port(), http::verb::get, "/v1/health/providers", {}, bearer(ranker_secret))
                  .result_int(),
              200)
        << "the passive report is anyone's";
    EXPECT_EQ(http_request(gateway->port(), http::verb::get, "/v1/health/providers?probe=true", {}, bearer(admin_secret))
                  .result_int(),
              200);
}

TEST_F(AccessEndToEnd, ModelsListsOnlyWhatTheCallerMayUse) {
    const auto listed = http_request(gateway->port(), http::verb::get, "/v1/models", {}, bearer(ranker_secret));
    ASSERT_EQ(listed.result_int(), 200);
    std::vector<std::string> ids;
    const auto body = json::parse(listed.body());
    for (const auto& model : body.at("data").as_array()) {
        ids.emplace_back(model.at("id").as_string());
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"gpt-4.1-mini", "embedder"}));
    EXPECT_EQ(http_request(gateway->port(), http::verb::get, "/v1/models/claude-haiku", {}, bearer(ranker_secret))
                  .result_int(),
              404);
    EXPECT_EQ(http_request(gateway->port(), http::verb::get, "/v1/models/gpt-4.1-mini", {}, bearer(ranker_secret))
                  .result_int(),
              200);
}

TEST_F(AccessEndToEnd, NoSecretEverReachesTheLog) {
    ASSERT_EQ(chat("gpt-4.1-mini", bearer(ranker_secret)).result_int(), 200);
    ASSERT_EQ(chat("gpt-4.1-mini", bearer(expired_secret)).result_int(), 401);
    // Both access lines are read, not a log their writer has yet to reach.
    ASSERT_TRUE(gateway->wait_for_log(R"("status":"200")")) << gateway->log();
    ASSERT_TRUE(gateway->wait_for_log(R"("status":"401")")) << gateway->log();
    const auto log = gateway->log();
    for (const char* secret : {ranker_secret, analyst_secret, expired_secret, admin_secret}) {
        EXPECT_EQ(log.find(secret), std::string::npos) << secret;
    }
}

TEST(OpenGatewayEndToEnd, WithoutAnAuthSectionItIsOpenAndSaysSoAtStartUp) {
    GatewayProcess gateway(R"(
providers:
  - { name: mock, kind: mock }
models:
  - { name: mock-echo, provider: mock }
)");
    const auto response = post_json(gateway.port(), "/v1/chat/completions",
                                    R"({"model":"mock-echo","messages":[{"role":"user","content":"hi"}]})");
    EXPECT_EQ(response.result_int(), 200);
    EXPECT_NE(gateway.log().find(R"("event":"auth_disabled")"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::testing
