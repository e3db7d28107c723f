#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmgw::observability {

// Removes secrets from text that leaves the process: log lines, error
// messages to clients (upstream error text may echo the gateway's own
// provider key), traces. It knows two kinds:
//   - registered values: every credential the configuration loaded (provider
//     keys, secret header values), wherever they appear;
//   - recognisable key shapes, registered or not: `Bearer` tokens, `sk-`
//     keys (OpenAI, Anthropic, OpenRouter), Google `AIza` keys and `ya29.`
//     tokens, and whatever follows an `api-key`, `x-goog-api-key` or
//     `authorization` name.
// Register every secret at start-up, before the event loops run; `scrub` is
// then safe from any thread.
class SecretScrubber {
public:
    void add_secret(std::string secret);

    // `text` with every secret replaced by "[REDACTED]".
    std::string scrub(std::string_view text) const;
    // False when `text` certainly holds no secret (one quick pass); true
    // when `scrub` has to look closer.
    bool may_hold_secret(std::string_view text) const noexcept;

private:
    std::vector<std::string> secrets_;
};

}  // namespace llmgw::observability
