#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "application/access_policy.hpp"
#include "infrastructure/auth/config_key_store.hpp"
#include "manual_clock.hpp"

namespace llmgw::application {
namespace {

using infrastructure::ConfigKeyStore;
using infrastructure::sha256_of;

TEST(MatchesGlob, MatchesStarsAndQuestionMarks) {
    EXPECT_TRUE(domain::matches_glob("claude-*", "claude-haiku-4-5"));
    EXPECT_TRUE(domain::matches_glob("claude-*", "claude-"));
    EXPECT_FALSE(domain::matches_glob("claude-*", "claude"));
    EXPECT_TRUE(domain::matches_glob("gpt-4.?-mini", "gpt-4.1-mini"));
    EXPECT_FALSE(domain::matches_glob("gpt-4.?-mini", "gpt-4.10-mini"));
    EXPECT_TRUE(domain::matches_glob("*-mini", "gpt-4.1-mini"));
    EXPECT_TRUE(domain::matches_glob("*", ""));
    EXPECT_TRUE(domain::matches_glob("g*p*t", "gxxpyyt"));
    EXPECT_FALSE(domain::matches_glob("gpt-4.1-mini", "gpt-4.1-mini-2025"));
    // A pattern made to backtrack a lot still ends quickly.
    EXPECT_FALSE(domain::matches_glob("*a*a*a*a*a*a*a*b", std::string(10'000, 'a')));
}

class AccessPolicyTest : public ::testing::Test {
protected:
    static ConfigKeyStore::Entry entry(const std::string& secret, domain::ApiKey key) {
        return {sha256_of(secret), std::move(key)};
    }

    testing::ManualClock clock;
    struct RecordingEvents final : AccessEvents {
        void governance_violation(const domain::RequestContext& context, std::string_view model) override {
            violations.push_back(context.caller.api_key_id + " " + std::string(model));
        }
        std::vector<std::string> violations;
    } events;
    ConfigKeyStore keys{{
        entry("secret-ranker", {.owner = {"ranker", "search", "ranking", "svc"}, .models = {{"gpt-*"}}}),
        entry("secret-old", {.owner = {"old"}, .expires_at = clock.now() - std::chrono::seconds(1)}),
        entry("secret-admin", {.owner = {"admin"}, .models = {{"nothing"}}, .admin = true}),
    }};
    AccessPolicy policy{keys, clock, events};
    domain::RequestContext context{"req-a", {}};
};

TEST_F(AccessPolicyTest, AKnownKeyAttributesTheRequestToItsOwner) {
    ASSERT_TRUE(policy.authenticate("secret-ranker", context));
    EXPECT_EQ(context.caller.api_key_id, "ranker");
    EXPECT_EQ(context.caller.team, "search");
    EXPECT_EQ(context.caller.project, "ranking");
    EXPECT_EQ(context.caller.user, "svc");
    EXPECT_EQ(context.caller.end_user, "svc") << "the key's user is the end user";
    EXPECT_TRUE(policy.govern(context, "gpt-4.1-mini"));
}

TEST_F(AccessPolicyTest, MissingUnknownAndExpiredKeysAreRefusedAlike) {
    const auto missing = policy.authenticate("", context);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, domain::ErrorCode::unauthorized);
    const auto unknown = policy.authenticate("secret-nobody", context);
    const auto expired = policy.authenticate("secret-old", context);
    ASSERT_FALSE(unknown);
    ASSERT_FALSE(expired);
    EXPECT_EQ(unknown.error().message, expired.error().message);
    EXPECT_EQ(context.key, nullptr);
    EXPECT_TRUE(context.caller.api_key_id.empty());
}

TEST_F(AccessPolicyTest, AKeyExpiresWhenItsTimeComes) {
    ConfigKeyStore later{{entry("secret-soon", {.owner = {"soon"}, .expires_at = clock.now() + std::chrono::hours(1)})}};
    AccessPolicy soon{later, clock, events};
    EXPECT_TRUE(soon.authenticate("secret-soon", context));
    clock.advance(std::chrono::hours(1));
    domain::RequestContext next{"req-b", {}};
    EXPECT_FALSE(soon.authenticate("secret-soon", next));
}

TEST_F(AccessPolicyTest, AModelOutsideTheListIsRefusedAndReported) {
    ASSERT_TRUE(policy.authenticate("secret-ranker", context));
    const auto refused = policy.govern(context, "claude-haiku");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::model_not_allowed);
    EXPECT_EQ(events.violations, (std::vector<std::string>{"ranker claude-haiku"}));
    EXPECT_FALSE(policy.may_use(context, "claude-haiku"));
    EXPECT_EQ(events.violations.size(), 1u) << "listing is no violation";
}

TEST_F(AccessPolicyTest, TheAdminKeyMayUseEveryModel) {
    ASSERT_TRUE(policy.authenticate("secret-admin", context));
    EXPECT_TRUE(policy.govern(context, "anything"));
}

TEST_F(AccessPolicyTest, AFrontDoorThatSkipsAuthenticationServesNobody) {
    const auto refused = policy.govern(context, "gpt-4.1-mini");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, domain::ErrorCode::unauthorized);
}

TEST(OpenAccessPolicy, LetsEveryoneUseEverything) {
    const AccessPolicy open;
    domain::RequestContext context{"req-o", {}};
    EXPECT_TRUE(open.authenticate("", context));
    EXPECT_TRUE(open.govern(context, "any-model"));
    EXPECT_TRUE(open.may_use(context, "any-model"));
}

TEST(Sha256FromHex, ReadsSixtyFourHexDigitsOfEitherCase) {
    const auto digest = sha256_of("abc");
    const auto lower = infrastructure::sha256_from_hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const auto upper = infrastructure::sha256_from_hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
    ASSERT_TRUE(lower);
    EXPECT_EQ(*lower, digest) << "the FIPS 180-2 test vector for \"abc\"";
    EXPECT_EQ(upper, lower);
    EXPECT_FALSE(infrastructure::sha256_from_hex("ba78"));
    EXPECT_FALSE(infrastructure::sha256_from_hex(std::string(63, 'a') + "g"));
}

}  // namespace
}  // namespace llmgw::application
