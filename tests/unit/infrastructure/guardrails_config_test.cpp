#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "config_text.hpp"
#include "infrastructure/config/config_loader.hpp"

namespace llmgw::infrastructure {
namespace {

TEST(LoadConfig, ReadsGuardrailsAtEveryScopeWithPatternsAndDenyListsCompiled) {
    const std::string yaml = R"(guardrails: { mode: log }
providers:
  - { name: local, kind: openai_compatible, base_url: "http://127.0.0.1:1/v1" }
models:
  - { name: gpt-4.1-mini, provider: local, guardrails: { mode: block, direction: output, entities: [secret] } }
teams:
  - name: search
    guardrails:
      mode: redact
      direction: input
      entities: [email, phone, credit_card, iban, ssn, ip, secret]
      patterns: [{ name: employee_id, regex: "EMP-[0-9]{6}" }]
      deny: ["Project Falcon", "falcon.internal"]
      restore: false
auth:
  keys:
    - id: search-ranker
      key_env: K1
      team: search
      guardrails: { mode: redact, direction: both, restore: true }
)";
    const auto config = load_config_text(yaml, "gateway.yaml", fake_env({{"K1", "secret-one"}}));
    const auto& guardrails = config.guardrails;
    ASSERT_EQ(guardrails.policies.size(), 4u);
    EXPECT_EQ(guardrails.kinds, (std::vector<std::string>{"email", "phone", "credit_card", "iban", "ssn", "ip", "secret",
                                                          "employee_id", "denied_term"}));
    const auto& team = guardrails.policies[0];
    EXPECT_EQ(team.scope, domain::PolicyScope::team);
    EXPECT_EQ(team.owner, "search");
    EXPECT_EQ(team.mode, domain::GuardMode::redact);
    EXPECT_EQ(team.restore, std::optional<bool>(false));
    ASSERT_EQ(team.patterns.size(), 2u);
    std::vector<domain::Finding> found;
    team.patterns[0].matcher->find("ids EMP-123456 and EMP-12", team.patterns[0].kind, found);
    team.patterns[1].matcher->find("see PROJECT FALCON", team.patterns[1].kind, found);
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].begin, 4u);
    EXPECT_EQ(found[0].end, 14u);
    EXPECT_EQ(found[1].kind, 8u);
    const auto& key = guardrails.policies[1];
    EXPECT_EQ(key.scope, domain::PolicyScope::key);
    EXPECT_EQ(key.direction, domain::GuardDirection::both);
    EXPECT_TRUE(key.entities.all()) << "every built-in entity unless named";
    const auto& model = guardrails.policies[3];
    EXPECT_EQ(model.scope, domain::PolicyScope::model);
    EXPECT_EQ(model.entities.count(), 1u);
    EXPECT_EQ(guardrails.policies[2].scope, domain::PolicyScope::global);

    const auto fails = [&](const std::string& from, const std::string& to) {
        auto broken = yaml;
        broken.replace(broken.find(from), from.size(), to);
        return load_error(broken, {{"K1", "secret-one"}});
    };
    EXPECT_NE(fails("EMP-[0-9]{6}", "EMP-(").find("teams[0].guardrails.patterns[0].regex: not a valid RE2 pattern"),
              std::string::npos);
    EXPECT_NE(fails("[secret] }", "[passport] }").find("models[0].guardrails.entities[0]: unknown entity"),
              std::string::npos);
    EXPECT_NE(fails("name: employee_id", "name: email").find("expected a new name"), std::string::npos);
    EXPECT_NE(fails("mode: log", "mode: mask").find("guardrails.mode: expected redact, block or log"), std::string::npos);
    EXPECT_NE(fails("direction: both", "direction: sideways").find("auth.keys[0].guardrails.direction"),
              std::string::npos);
    EXPECT_NE(fails("      restore: false\n", "      restore: false\n      masks: 1\n").find("teams[0].guardrails.masks"),
              std::string::npos);
}

}  // namespace
}  // namespace llmgw::infrastructure
