#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "observability/logger.hpp"

namespace llmgw::observability {
namespace {

std::string logged(const std::function<void(Logger&)>& write, LogLevel level = LogLevel::info) {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    {
        Logger logger(out, level);
        logger.add_secret("my-very-secret-key");
        write(logger);
    }
    std::fclose(out);
    std::string text(buffer, size);
    std::free(buffer);
    return text;
}

TEST(Logger, WritesOneJsonObjectPerLine) {
    const auto text = logged([](Logger& logger) { logger.info("request", {{"status", "200"}, {"path", "/a\"b"}}); });
    EXPECT_NE(text.find(R"("level":"info","event":"request","status":"200","path":"/a\"b"})"), std::string::npos) << text;
    EXPECT_EQ(text.back(), '\n');
}

TEST(Logger, NeverWritesSecrets) {
    const auto text = logged([](Logger& logger) {
        logger.error("upstream", {{"detail", "key my-very-secret-key, header Bearer abcdefghijkl, sk-proj-0123456789abcdefXYZ"}});
    });
    EXPECT_EQ(text.find("my-very-secret-key"), std::string::npos) << text;
    EXPECT_EQ(text.find("abcdefghijkl"), std::string::npos) << text;
    EXPECT_EQ(text.find("0123456789abcdef"), std::string::npos) << text;
    EXPECT_NE(text.find("[REDACTED]"), std::string::npos);
}

TEST(Logger, DropsLinesBelowItsLevel) {
    const auto text = logged([](Logger& logger) { logger.info("chatty"); }, LogLevel::warn);
    EXPECT_TRUE(text.empty());
}

}  // namespace
}  // namespace llmgw::observability
