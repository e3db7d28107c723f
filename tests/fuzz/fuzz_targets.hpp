#pragma once

#include <string_view>
#include <vector>

namespace llmgw::fuzz {

// One fuzz target: every parser and translator that sees bytes from outside
// the process gets one. A target must never crash, hang, leak or trip a
// sanitizer, whatever `input` is; it checks what it can of the result.
// The same functions run under libFuzzer (tests/fuzz/libfuzzer_main.cpp)
// and over the saved corpus and regressions in the integration suite.
struct Target {
    std::string_view name;  // also the folder of its corpus
    void (*run)(std::string_view input);
};

const std::vector<Target>& targets();

// Raw bytes from a client on one connection, through a whole gateway
// (inbound_http_target.cpp).
void inbound_http(std::string_view input);

}  // namespace llmgw::fuzz
