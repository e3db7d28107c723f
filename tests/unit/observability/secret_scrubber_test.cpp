#include <gtest/gtest.h>

#include "observability/secret_scrubber.hpp"

namespace llmgw::observability {
namespace {

std::string scrubbed(std::string_view text) {
    SecretScrubber scrubber;
    scrubber.add_secret("plain-secret-value");
    scrubber.add_secret("plain-secret-value-extended");
    return scrubber.scrub(text);
}

TEST(SecretScrubber, RemovesRegisteredValuesWherever) {
    EXPECT_EQ(scrubbed("key=plain-secret-value;"), "key=[REDACTED];");
    EXPECT_EQ(scrubbed("the longer plain-secret-value-extended goes whole"), "the longer [REDACTED] goes whole");
}

TEST(SecretScrubber, RemovesRecognisableKeyShapesUnregistered) {
    EXPECT_EQ(scrubbed("Bearer abcdefghijkl"), "Bearer [REDACTED]");
    EXPECT_EQ(scrubbed("sk-ant-api03-0123456789abcdefghij rejected"), "sk-[REDACTED] rejected");
    EXPECT_EQ(scrubbed("key AIzaSyA1234567890abcdefghijklmnopqrstu is invalid"), "key AIza[REDACTED] is invalid");
    EXPECT_EQ(scrubbed(R"({"x-goog-api-key":"opaque-value-9"})"), R"({"x-goog-api-key":"[REDACTED]"})");
    EXPECT_EQ(scrubbed("x-api-key: opaque-value-9"), "x-api-key: [REDACTED]");
    EXPECT_EQ(scrubbed("Authorization: Bearer opaque-value-9"), "Authorization: Bearer [REDACTED]");
}

TEST(SecretScrubber, KeepsOrdinaryText) {
    const std::string text = "The model `gpt-4o` does not exist; see the api-key docs. Task-12 ok.";
    EXPECT_EQ(scrubbed(text), text);
    SecretScrubber scrubber;
    scrubber.add_secret("abc");  // too short to be told from ordinary words
    EXPECT_EQ(scrubber.scrub("abc def"), "abc def");
}

}  // namespace
}  // namespace llmgw::observability
