#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>

#include "fake_upstream.hpp"

namespace llmgw::testing {

// OpenAI's Chat Completions wire format as the real API sends it, and an
// upstream that answers from a script, for the end-to-end tests of
// resilience and tracing.

inline std::string openai_answer(const std::string& text) {
    return R"({"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,"model":"gpt-4o-2024-08-06",
        "choices":[{"index":0,"message":{"role":"assistant","content":")" + text + R"(","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],
        "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15},"service_tier":"default","system_fingerprint":"fp_fc9f1d7035"})";
}

inline std::string openai_chunk(const std::string& delta, const std::string& finish = "null") {
    return "data: " R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":)" +
           delta + R"(,"logprobs":null,"finish_reason":)" + finish + "}]}\n\n";
}

inline const std::string role_piece = openai_chunk(R"({"role":"assistant","content":"","refusal":null})");

inline std::vector<std::string> openai_stream(const std::string& text) {
    return {role_piece, openai_chunk(R"({"content":")" + text + R"("})"), openai_chunk("{}", R"("stop")"),
            "data: " R"({"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}})" "\n\n",
            "data: [DONE]\n\n"};
}

inline FakeReply error_reply(unsigned status, const std::string& type, std::vector<std::pair<std::string, std::string>> headers = {}) {
    return FakeReply{.status = status,
                     .headers = std::move(headers),
                     .body = R"({"error":{"message":"injected )" + std::to_string(status) + R"(","type":")" + type +
                             R"(","param":null,"code":null}})"};
}

// An upstream that answers from a script, one reply per request, and with
// `otherwise` once the script is used up.
class ScriptedUpstream {
public:
    explicit ScriptedUpstream(std::function<FakeReply(const UpstreamRequest&)> otherwise)
        : otherwise_(std::move(otherwise)) {}

    void script(std::vector<FakeReply> replies) {
        std::lock_guard lock(mutex_);
        script_.assign(replies.begin(), replies.end());
    }
    std::size_t requests() const { return fake.request_count(); }
    std::string base_url() const { return fake.base_url(); }

private:
    FakeReply next(const UpstreamRequest& request) {
        std::lock_guard lock(mutex_);
        if (script_.empty()) return otherwise_(request);
        auto reply = std::move(script_.front());
        script_.pop_front();
        return reply;
    }

    std::function<FakeReply(const UpstreamRequest&)> otherwise_;
    std::mutex mutex_;
    std::deque<FakeReply> script_;

public:
    FakeUpstream fake{[this](const UpstreamRequest& request) { return next(request); }};
};

inline FakeReply healthy_openai(const UpstreamRequest& request) {
    if (boost::json::parse(request.body()).as_object().contains("stream")) {
        return FakeReply{.content_type = "text/event-stream", .pieces = openai_stream("streamed")};
    }
    return FakeReply{.body = openai_answer("fine")};
}

// A provider entry (YAML) on a scripted upstream that retries three times
// within milliseconds and whose breaker never opens.
inline std::string flaky_provider(const std::string& name, const std::string& base_url) {
    return "  - name: " + name + "\n"
           "    kind: openai_compatible\n"
           "    base_url: " + base_url + "\n"
           "    retry: { max_attempts: 3, base_ms: 10, max_ms: 40 }\n"
           "    circuit_breaker: { failure_threshold: 1000 }\n";
}

inline std::string chat_body(const std::string& model, bool stream = false) {
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hi"}])" +
           (stream ? R"(,"stream":true})" : "}");
}

}  // namespace llmgw::testing
