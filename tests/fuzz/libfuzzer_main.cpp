// libFuzzer entry: one binary for every target, chosen by LLMGW_FUZZ_TARGET
// (scripts/fuzz.sh sets it), so that the fuzz build links once.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_targets.hpp"

namespace {
void (*chosen)(std::string_view) = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* name = std::getenv("LLMGW_FUZZ_TARGET");
    for (const auto& target : llmgw::fuzz::targets()) {
        if (name && target.name == name) chosen = target.run;
    }
    if (!chosen) {
        std::fprintf(stderr, "LLMGW_FUZZ_TARGET must name a target:");
        for (const auto& target : llmgw::fuzz::targets()) std::fprintf(stderr, " %.*s", int(target.name.size()), target.name.data());
        std::fprintf(stderr, "\n");
        std::exit(2);
    }
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chosen(std::string_view(reinterpret_cast<const char*>(data), size));
    return 0;
}
