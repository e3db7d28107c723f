// Content guardrails through the built gateway: what leaves for a real
// OpenAI-compatible upstream is redacted (built-in entities, an operator's
// pattern and deny-list, the same value under the same placeholder); a
// request that a guardrail blocks never reaches the upstream; a streamed
// answer with an e-mail address split over chunks arrives masked; findings
// are counted in the ledger and the metrics, never with their values.

#include <gtest/gtest.h>

#include <csignal>

#include <boost/json/parse.hpp>

#include "database_queries.hpp"
#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"
#include "metric_sample.hpp"
#include "openai_wire.hpp"

namespace llmgw::testing {
namespace {
namespace http = boost::beast::http;
namespace json = boost::json;

std::string last_message(const UpstreamRequest& request) {
    const auto body = json::parse(request.body());
    return std::string(body.at("messages").as_array().back().at("content").as_string());
}

// Echoes the last message; "split" streams an answer whose e-mail address
// is cut across three chunks.
FakeReply echo_or_split(const UpstreamRequest& request) {
    if (request.target() == "/v1/embeddings") {
        return FakeReply{.body = R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5,0.25]}],)"
                                 R"("model":"text-embedding-3-small","usage":{"prompt_tokens":4,"total_tokens":4}})"};
    }
    if (request.target() == "/v1/completions") {
        return FakeReply{.body = R"({"id":"cmpl-1","object":"text_completion","created":1700000000,"model":"gpt-3.5-turbo-instruct",)"
                                 R"("choices":[{"text":"ok","index":0,"logprobs":null,"finish_reason":"stop"}],)"
                                 R"("usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}})"};
    }
    const auto text = last_message(request);
    if (text != "split") return FakeReply{.body = openai_answer(text)};
    return FakeReply{.content_type = "text/event-stream",
                     .pieces = {role_piece, openai_chunk(R"({"content":"Write to jo"})"),
                                openai_chunk(R"({"content":"hn.smith@exa"})"),
                                openai_chunk(R"({"content":"mple.com today, or call +1 415 555"})"),
                                openai_chunk(R"({"content":" 0100."})"), openai_chunk("{}", R"("stop")"),
                                "data: [DONE]\n\n"}};
}

// The content of a streamed answer's chunks, joined.
std::string streamed_content(const std::string& sse) {
    std::string content;
    std::size_t at = 0;
    while ((at = sse.find("data: {", at)) != std::string::npos) {
        const auto end = sse.find("\n\n", at);
        const auto chunk = json::parse(sse.substr(at + 6, end - at - 6));
        for (const auto& choice : chunk.at("choices").as_array()) {
            const auto& delta = choice.at("delta").as_object();
            if (const auto* text = delta.if_contains("content"); text && text->is_string()) content += text->as_string();
        }
        at = end;
    }
    return content;
}

class GuardrailsEndToEnd : public ::testing::Test {
protected:
    FakeUpstream upstream{echo_or_split};
    GatewayProcess gateway{"providers:\n"
                           "  - { name: upstream, kind: openai_compatible, base_url: \"" + upstream.base_url() + "\" }\n"
                           "models:\n"
                           "  - { name: fast, provider: upstream, upstream_model: gpt-4.1-mini }\n"
                           "  - name: strict\n"
                           "    provider: upstream\n"
                           "    upstream_model: gpt-4.1-mini\n"
                           "    guardrails: { mode: block, entities: [credit_card] }\n"
                           "guardrails:\n"
                           "  mode: redact\n"
                           "  direction: both\n"
                           "  patterns: [{ name: employee_id, regex: \"EMP-[0-9]{6}\" }]\n"
                           "  deny: [\"Project Falcon\"]\n"};

    TestResponse chat(const std::string& model, const std::string& text, bool stream = false) {
        return http_request(gateway.port(), http::verb::post, "/v1/chat/completions",
                            R"({"model":")" + model + R"(","messages":[{"role":"user","content":")" + text + R"("}])" +
                                (stream ? R"(,"stream":true)" : "") + "}",
                            {{"content-type", "application/json"}});
    }
};

TEST_F(GuardrailsEndToEnd, TheUpstreamGetsRedactedTextTheSameValueUnderOnePlaceholder) {
    const auto answer = chat("fast", "Mail jane@example.com about EMP-123456 and project falcon; cc jane@example.com");
    ASSERT_EQ(answer.result_int(), 200) << answer.body();
    ASSERT_EQ(upstream.request_count(), 1u);
    const std::string redacted = "Mail [EMAIL_1] about [EMPLOYEE_ID_1] and [DENIED_TERM_1]; cc [EMAIL_1]";
    EXPECT_EQ(last_message(upstream.requests()[0]), redacted);
    EXPECT_EQ(json::parse(answer.body()).at("choices").at(0).at("message").at("content").as_string(), redacted);

    const auto metrics = http_request(gateway.port(), http::verb::get, "/metrics", {}, {}).body();
    EXPECT_EQ(metric_sample(metrics, R"(llm_guardrail_findings_total{entity="email",direction="input",action="redact"})"), 2)
        << metrics;
    EXPECT_EQ(metric_sample(metrics, R"(llm_guardrail_findings_total{entity="denied_term",direction="input",action="redact"})"), 1);
    ASSERT_EQ(gateway.stop(SIGTERM), 0);
    const auto rows = sqlite_query(gateway.ledger_path(), "SELECT status, pii_findings FROM ledger");
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"200", R"({"email":2,"employee_id":1,"denied_term":1})"}));
}

TEST_F(GuardrailsEndToEnd, ABlockedRequestNeverReachesTheUpstreamAndItsErrorNamesOnlyTheKind) {
    const auto refused = chat("strict", "charge 4111 1111 1111 1111 please");
    ASSERT_EQ(refused.result_int(), 400) << refused.body();
    const auto error = json::parse(refused.body()).at("error");
    EXPECT_EQ(error.at("code"), "content_policy_violation");
    EXPECT_EQ(error.at("type"), "invalid_request_error");
    const std::string message(error.at("message").as_string());
    EXPECT_NE(message.find("credit_card"), std::string::npos) << message;
    EXPECT_EQ(refused.body().find("4111"), std::string::npos) << refused.body();
    EXPECT_EQ(upstream.request_count(), 0u);
    // The gateway-wide policy still redacts for the strict model what it does not block.
    ASSERT_EQ(chat("strict", "mail a@example.org").result_int(), 200);
    EXPECT_EQ(last_message(upstream.requests()[0]), "mail [EMAIL_1]");

    ASSERT_EQ(gateway.stop(SIGTERM), 0);
    const auto rows =
        sqlite_query(gateway.ledger_path(), "SELECT status, error_code, attempts, pii_findings FROM ledger ORDER BY id");
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0], (std::vector<std::string>{"400", "content_policy_violation", "0", R"({"credit_card":1})"}));
}

TEST_F(GuardrailsEndToEnd, EmbeddingInputsAndLegacyPromptsLeaveRedactedToo) {
    const auto embedded = http_request(gateway.port(), http::verb::post, "/v1/embeddings",
                                       R"({"model":"fast","input":"notes for bob@example.com"})",
                                       {{"content-type", "application/json"}});
    ASSERT_EQ(embedded.result_int(), 200) << embedded.body();
    const auto completed = http_request(gateway.port(), http::verb::post, "/v1/completions",
                                        R"({"model":"fast","prompt":["ip 10.1.2.3 of EMP-000042"]})",
                                        {{"content-type", "application/json"}});
    ASSERT_EQ(completed.result_int(), 200) << completed.body();
    const auto requests = upstream.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(json::parse(requests[0].body()).at("input").as_string(), "notes for [EMAIL_1]");
    EXPECT_EQ(json::parse(requests[1].body()).at("prompt").at(0).as_string(), "ip [IP_1] of [EMPLOYEE_ID_1]");
}

TEST_F(GuardrailsEndToEnd, AStreamedAnswerWithAnAddressSplitOverChunksArrivesMasked) {
    const auto streamed = chat("fast", "split", true);
    ASSERT_EQ(streamed.result_int(), 200) << streamed.body();
    EXPECT_EQ(streamed_content(streamed.body()), "Write to [EMAIL_1] today, or call [PHONE_1].");
    EXPECT_EQ(streamed.body().find("smith"), std::string::npos) << streamed.body();
    EXPECT_EQ(streamed.body().find("555"), std::string::npos) << streamed.body();
    EXPECT_NE(streamed.body().find("data: [DONE]"), std::string::npos);
}

}  // namespace
}  // namespace llmgw::testing
