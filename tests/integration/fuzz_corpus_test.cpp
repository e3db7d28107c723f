// Every fuzz target over its saved corpus and over the inputs that once
// broke it (tests/fuzz/regressions/<target>/): a finding of the fuzzer is
// kept there and stays a test case of the suite.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fuzz_targets.hpp"

namespace llmgw::fuzz {
namespace {
namespace fs = std::filesystem;

std::size_t replay(const Target& target, const fs::path& folder) {
    std::size_t replayed = 0;
    if (!fs::exists(folder)) return replayed;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (!entry.is_regular_file() || entry.path().filename().string().starts_with('.')) continue;
        std::ifstream file(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << file.rdbuf();
        SCOPED_TRACE(entry.path().string());
        target.run(bytes.str());
        ++replayed;
    }
    return replayed;
}

TEST(FuzzCorpus, EveryTargetSurvivesItsCorpusAndPastFindings) {
    const fs::path root = LLMGW_FUZZ_DIR;
    for (const auto& target : targets()) {
        SCOPED_TRACE(std::string(target.name));
        EXPECT_GT(replay(target, root / "corpus" / target.name), 0u) << "a target without seeds";
        replay(target, root / "regressions" / target.name);
    }
}

}  // namespace
}  // namespace llmgw::fuzz
