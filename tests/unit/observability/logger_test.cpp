#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <thread>

#include <unistd.h>

#include "observability/logger.hpp"

namespace llmgw::observability {
namespace {

std::string logged(const std::function<void(Logger&)>& write, LogLevel level = LogLevel::info,
                   LogFormat format = LogFormat::json) {
    char* buffer = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&buffer, &size);
    {
        Logger logger(out, level);
        logger.add_secret("my-very-secret-key");
        logger.configure(format, level);
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

TEST(Logger, TextIsLogfmtWithValuesQuotedOnlyWhenTheyMustBe) {
    const auto text = logged(
        [](Logger& logger) {
            logger.info("request", {{"status", "200"}, {"path", "/v1/a b"}, {"empty", ""}, {"key", "Bearer abcdefghijkl"}});
        },
        LogLevel::info, LogFormat::text);
    EXPECT_NE(text.find(" info request status=200 path=\"/v1/a b\" empty=\"\" key=\"Bearer [REDACTED]\"\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(text.find('{'), std::string::npos);
    EXPECT_EQ(text[4], '-') << "it starts with the timestamp: " << text;
}

TEST(Logger, TheWriterThreadWritesEveryLineInOrder) {
    const auto text = logged([](Logger& logger) {
        logger.start_writer(1024);
        for (int i = 0; i < 500; ++i) logger.info("line", {{"n", std::to_string(i)}});
        logger.flush();
        EXPECT_EQ(logger.dropped(), 0u);
    });
    std::size_t at = 0;
    for (int i = 0; i < 500; ++i) {
        at = text.find("\"n\":\"" + std::to_string(i) + "\"}", at);
        ASSERT_NE(at, std::string::npos) << "line " << i << " missing or out of order";
    }
}

TEST(Logger, LinesThatFindTheWriterBehindAreDroppedAndCountedNotWaitedFor) {
    int ends[2];
    ASSERT_EQ(::pipe(ends), 0);
    std::FILE* out = ::fdopen(ends[1], "w");
    std::uint64_t dropped = 0;
    std::string read;
    std::thread reader;
    {
        Logger logger(out, LogLevel::info);
        logger.start_writer(16);
        // Nobody reads the pipe yet: the writer blocks once it is full
        // (64 KiB), and the queue of 16 fills behind it.
        const std::string big(2'000, 'x');
        for (int i = 0; i < 200; ++i) logger.info("big", {{"payload", big}});
        dropped = logger.dropped();
        reader = std::thread([&] {
            char buffer[65'536];
            for (ssize_t n; (n = ::read(ends[0], buffer, sizeof buffer)) > 0;) read.append(buffer, static_cast<std::size_t>(n));
        });
    }
    std::fclose(out);
    reader.join();
    ::close(ends[0]);
    EXPECT_GT(dropped, 100u);
    std::size_t lines = 0;
    for (const char c : read) lines += c == '\n';
    EXPECT_EQ(lines + dropped, 200u) << "every line was written or counted";
}

}  // namespace
}  // namespace llmgw::observability
