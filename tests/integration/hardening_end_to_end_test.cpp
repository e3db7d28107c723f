// The built gateway against hostile clients and misbehaving upstreams: each
// test is a reproduction of a defect found from the outside.

#include <gtest/gtest.h>

#include <csignal>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;
namespace http = boost::beast::http;
using namespace std::chrono_literals;

std::string chunk(const std::string& delta, const std::string& finish = "null") {
    return "data: " R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini","choices":[{"index":0,"delta":)" +
           delta + R"(,"logprobs":null,"finish_reason":)" + finish + "}]}\n\n";
}

// A long answer, one word every 20 ms: time enough for a client to leave.
std::vector<std::string> slow_stream() {
    std::vector<std::string> pieces{chunk(R"({"role":"assistant","content":""})")};
    for (int i = 0; i < 40; ++i) pieces.push_back(chunk(R"({"content":"word "})"));
    pieces.push_back(chunk("{}", R"("stop")"));
    pieces.push_back("data: [DONE]\n\n");
    return pieces;
}

std::string chat_body(const std::string& model, bool stream = false) {
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hi"}])" +
           (stream ? R"(,"stream":true})" : "}");
}

json::object deployment_health(unsigned short port, std::size_t index) {
    const auto health = json::parse(http_request(port, http::verb::get, "/v1/health/providers").body());
    return health.at("data").at(index).as_object();
}

// Streams that never end: keep-alive comments after the role chunk, or one
// endless line.
FakeReply misbehaving_stream(const std::string& upstream_model) {
    std::vector<std::string> pieces{chunk(R"({"role":"assistant","content":""})")};
    if (upstream_model == "keepalive") {
        for (int i = 0; i < 100; ++i) pieces.push_back(": keep-alive\n\n");
        return FakeReply{.content_type = "text/event-stream", .pieces = pieces, .delay_between_pieces = 50ms};
    }
    pieces.push_back("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"");
    for (int i = 0; i < 64; ++i) pieces.push_back(std::string(64 * 1024, 'x'));
    return FakeReply{.content_type = "text/event-stream", .pieces = pieces};
}

// One OpenAI-compatible deployment whose breaker opens after five failures
// in a row, behind the mock; `stingy` on the same upstream with short
// stream time limits. Every stream event is limited to 1 MiB.
class HardeningEndToEnd : public ::testing::Test {
protected:
    FakeUpstream upstream{[](const UpstreamRequest& request) {
        const auto body = json::parse(request.body()).as_object();
        const std::string upstream_model(body.at("model").as_string());
        if (upstream_model == "keepalive" || upstream_model == "endless-line") return misbehaving_stream(upstream_model);
        if (body.contains("stream")) {
            return FakeReply{.content_type = "text/event-stream",
                             .pieces = slow_stream(),
                             .delay_between_pieces = 20ms};
        }
        return FakeReply{.body = R"({"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"fine"},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}})"};
    }};
    GatewayProcess gateway{"providers:\n"
                           "  - { name: mock, kind: mock }\n"
                           "  - name: upstream\n"
                           "    kind: openai_compatible\n"
                           "    base_url: " + upstream.base_url() + "\n"
                           "    retry: { max_attempts: 1 }\n"
                           "    circuit_breaker: { failure_threshold: 5, cooldown_s: 60 }\n"
                           "  - name: stingy\n"
                           "    kind: openai_compatible\n"
                           "    base_url: " + upstream.base_url() + "\n"
                           "    retry: { max_attempts: 1 }\n"
                           "    timeouts: { first_content_ms: 400, content_gap_ms: 400 }\n"
                           "limits: { max_event_bytes: 1048576, max_messages: 3 }\n"
                           "models:\n"
                           "  - { name: main, provider: upstream, upstream_model: gpt-4o-mini }\n"
                           "  - { name: keepalive, provider: stingy, upstream_model: keepalive }\n"
                           "  - { name: endless-line, provider: upstream, upstream_model: endless-line }\n"
                           "  - { name: echo, provider: mock }\n"};

    bool settled(const std::function<bool(const json::object&)>& predicate) {
        return upstream.wait_for([&] { return predicate(deployment_health(gateway.port(), 0)); });
    }
};

TEST_F(HardeningEndToEnd, ClientsThatLeaveMidStreamAreNotTheDeploymentsFault) {
    for (int i = 0; i < 12; ++i) {
        const auto read = read_until_and_leave(gateway.port(), raw_post("/v1/chat/completions", chat_body("main", true)),
                                               "word");
        ASSERT_NE(read.find("200 OK"), std::string::npos) << read;
    }
    ASSERT_TRUE(settled([](const json::object& health) { return health.at("in_flight") == 0; }))
        << json::serialize(deployment_health(gateway.port(), 0));

    const auto health = deployment_health(gateway.port(), 0);
    EXPECT_EQ(health.at("circuit_breaker").at("state"), "closed") << json::serialize(health);
    EXPECT_EQ(health.at("recent").at("failures"), 0) << json::serialize(health);
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("main"));
    EXPECT_EQ(response.result_int(), 200) << response.body();
}

TEST_F(HardeningEndToEnd, ClientsThatLeaveBeforeTheAnswerLeaveNothingInFlight) {
    for (int i = 0; i < 8; ++i) {
        read_until_and_leave(gateway.port(), raw_post("/v1/chat/completions", chat_body("main", true)), "HTTP/1.1");
        raw_exchange(gateway.port(), raw_post("/v1/chat/completions", chat_body("main", true)), 0);
    }
    EXPECT_TRUE(settled([](const json::object& health) { return health.at("in_flight") == 0; }))
        << json::serialize(deployment_health(gateway.port(), 0));
    EXPECT_EQ(deployment_health(gateway.port(), 0).at("circuit_breaker").at("state"), "closed");
}

TEST_F(HardeningEndToEnd, ATransferEncodingNotEndingInChunkedIsRefusedAndTheConnectionClosed) {
    for (const std::string coding : {"xchunked", "gzip", "chunked, gzip", "identity"}) {
        const std::string smuggled = "GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n";
        const auto answer = raw_exchange(gateway.port(),
                                         "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ntransfer-encoding: " +
                                             coding + "\r\n\r\n" + smuggled,
                                         3);
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << coding << ": " << answer;
        EXPECT_EQ(answer.find("HTTP/1.1 200"), std::string::npos) << coding << ": the body was read as a request";
    }
}

TEST_F(HardeningEndToEnd, HangUpAndUserSignalsDoNotStopTheGateway) {
    for (int signal : {SIGHUP, SIGUSR1, SIGUSR2}) {
        ASSERT_EQ(::kill(gateway.pid(), signal), 0);
        std::this_thread::sleep_for(100ms);
        EXPECT_EQ(http_request(gateway.port(), http::verb::get, "/healthz").result_int(), 200) << signal;
    }
    EXPECT_NE(gateway.log().find("reload_not_supported"), std::string::npos) << gateway.log();
    EXPECT_EQ(gateway.stop(SIGTERM), 0);
}

TEST_F(HardeningEndToEnd, AnHttp10StreamIsSentWithoutChunkingAndEndsWithTheConnection) {
    const auto body = R"({"model":"main","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    const auto answer = raw_exchange(gateway.port(),
                                     "POST /v1/chat/completions HTTP/1.0\r\ncontent-type: application/json\r\n"
                                     "content-length: " + std::to_string(std::string(body).size()) + "\r\n\r\n" + body,
                                     10);
    ASSERT_TRUE(answer.starts_with("HTTP/1.0 200") || answer.starts_with("HTTP/1.1 200")) << answer;
    const auto head = answer.substr(0, answer.find("\r\n\r\n"));
    EXPECT_EQ(head.find("chunked"), std::string::npos) << head;
    EXPECT_NE(answer.find("\r\n\r\ndata: {"), std::string::npos) << "events follow the header unframed";
    EXPECT_TRUE(answer.ends_with("data: [DONE]\n\n")) << answer.substr(answer.size() - 100);
}

TEST_F(HardeningEndToEnd, HeadIsAnsweredWithoutABody) {
    const auto answer = raw_exchange(gateway.port(), "HEAD /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n", 3);
    ASSERT_TRUE(answer.starts_with("HTTP/1.1 200")) << answer;
    EXPECT_TRUE(answer.ends_with("\r\n\r\n")) << answer;
}

TEST_F(HardeningEndToEnd, AClientThatLeavesMidHeaderIsNotARejectedRequest) {
    raw_exchange(gateway.port(), "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-le", 0);
    std::this_thread::sleep_for(200ms);
    EXPECT_EQ(http_request(gateway.port(), http::verb::get, "/healthz").result_int(), 200);
    EXPECT_EQ(gateway.log().find("request_rejected"), std::string::npos) << gateway.log();
}

TEST_F(HardeningEndToEnd, KeepAliveCommentsAreNotProgress) {
    const auto started = std::chrono::steady_clock::now();
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("keepalive", true));
    EXPECT_EQ(response.result_int(), 504) << response.body();
    EXPECT_NE(response.body().find("sent no content for 400 ms"), std::string::npos) << response.body();
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s) << "comments kept the stream alive";
}

TEST_F(HardeningEndToEnd, AnEndlessEventLineFailsTheAttemptAtItsLimit) {
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("endless-line", true));
    EXPECT_EQ(response.result_int(), 502) << response.body();
    EXPECT_NE(response.body().find("an event over the limit of 1048576 bytes"), std::string::npos) << response.body();
}

TEST_F(HardeningEndToEnd, HugeNumbersAreA400NamingTheField) {
    for (const std::string field : {"max_tokens", "max_completion_tokens"}) {
        for (const std::string number : {"9223372036854775808", "18446744073709551615", "2000000"}) {
            const auto response = post_json(gateway.port(), "/v1/chat/completions",
                                            R"({"model":"echo","messages":[{"role":"user","content":"hi"}],")" + field +
                                                "\":" + number + "}");
            ASSERT_EQ(response.result_int(), 400) << field << "=" << number << ": " << response.body();
            EXPECT_EQ(json::parse(response.body()).at("error").at("param").as_string(), field);
        }
    }
    const auto legacy = post_json(gateway.port(), "/v1/completions",
                                  R"({"model":"main","prompt":"hi","max_tokens":18446744073709551615})");
    EXPECT_EQ(legacy.result_int(), 400) << legacy.body();
    EXPECT_EQ(json::parse(legacy.body()).at("error").at("param"), "max_tokens");
}

TEST_F(HardeningEndToEnd, HugeEmbeddingDimensionsAreRefusedAtOnce) {
    for (const std::string number : {"2000000000", "9223372036854775808", "100000"}) {
        const auto started = std::chrono::steady_clock::now();
        const auto response =
            post_json(gateway.port(), "/v1/embeddings", R"({"model":"echo","input":"hi","dimensions":)" + number + "}");
        ASSERT_EQ(response.result_int(), 400) << number << ": " << response.body();
        EXPECT_EQ(json::parse(response.body()).at("error").at("param"), "dimensions");
        EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
    }
    const auto allowed = post_json(gateway.port(), "/v1/embeddings", R"({"model":"echo","input":"hi","dimensions":8192})");
    ASSERT_EQ(allowed.result_int(), 200) << allowed.body();
    EXPECT_EQ(json::parse(allowed.body()).at("data").at(0).at("embedding").as_array().size(), 8192u);
}

TEST_F(HardeningEndToEnd, ConfiguredRequestLimitsAreEnforced) {
    const auto too_many = post_json(gateway.port(), "/v1/chat/completions",
                                    R"({"model":"echo","messages":[{"role":"user","content":"a"},{"role":"user","content":"b"},)"
                                    R"({"role":"user","content":"c"},{"role":"user","content":"d"}]})");
    ASSERT_EQ(too_many.result_int(), 400) << too_many.body();
    EXPECT_EQ(json::parse(too_many.body()).at("error").at("param"), "messages");
    const auto many_choices = post_json(gateway.port(), "/v1/chat/completions",
                                        R"({"model":"echo","n":129,"messages":[{"role":"user","content":"a"}]})");
    ASSERT_EQ(many_choices.result_int(), 400) << many_choices.body();
    EXPECT_EQ(json::parse(many_choices.body()).at("error").at("param"), "n");
}

// An upstream that quotes the credential it was sent in every error, the
// way some compatible servers (and proxies in front of them) do.
class EchoingUpstreamEndToEnd : public ::testing::Test {
protected:
    static FakeReply echo(const UpstreamRequest& request) {
        const std::string credential(request[http::field::authorization]);
        const auto body = json::parse(request.body()).as_object();
        const std::string said = "Incorrect API key provided: " + credential + " (x-api-key=" +
                                 credential.substr(credential.find(' ') + 1) + ")";
        if (body.contains("stream")) {
            return FakeReply{.content_type = "text/event-stream",
                             .pieces = {chunk(R"({"role":"assistant","content":"Hel"})"),
                                        "data: {\"error\":{\"message\":\"" + said + "\",\"type\":\"server_error\"}}\n\n"}};
        }
        const auto status = body.at("model") == "bad" ? 400u : body.at("model") == "limited" ? 429u : 500u;
        return FakeReply{.status = status,
                         .body = R"({"error":{"message":")" + said + R"(","type":"invalid_request_error","code":null}})"};
    }

    FakeUpstream upstream{echo};
    GatewayProcess gateway{"providers:\n"
                           "  - name: echoing\n"
                           "    kind: openai_compatible\n"
                           "    base_url: " + upstream.base_url() + "\n"
                           "    api_key_env: ECHO_KEY\n"
                           "    retry: { max_attempts: 1 }\n"
                           "models:\n"
                           "  - { name: bad, provider: echoing }\n"
                           "  - { name: limited, provider: echoing }\n"
                           "  - { name: broken, provider: echoing }\n",
                           {{"ECHO_KEY", "plain-secret-value-1234"}}};
};

TEST_F(EchoingUpstreamEndToEnd, NoErrorShowsTheProviderKey) {
    std::vector<std::string> answers;
    for (const std::string model : {"bad", "limited", "broken"}) {
        const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body(model));
        EXPECT_GE(response.result_int(), 400u) << response.body();
        answers.push_back(response.body());
        answers.push_back(post_json(gateway.port(), "/v1/chat/completions", chat_body(model, true)).body());
    }
    answers.push_back(http_request(gateway.port(), http::verb::get, "/v1/health/providers?probe=true").body());
    for (const auto& answer : answers) {
        EXPECT_EQ(answer.find("plain-secret-value-1234"), std::string::npos) << answer;
        EXPECT_EQ(answer.find("secret-value"), std::string::npos) << answer;
    }
    // What the upstream said is kept, but for the key.
    EXPECT_NE(answers[0].find("Incorrect API key provided: Bearer [REDACTED]"), std::string::npos) << answers[0];
    EXPECT_NE(answers[1].find("\"code\":\"upstream_error\""), std::string::npos) << answers[1];
    EXPECT_EQ(gateway.log().find("plain-secret-value-1234"), std::string::npos);
}

TEST(SlowClientEndToEnd, AHeaderTrickledInIsCutOffAtTheReadTimeoutNotTheIdleOne) {
    GatewayProcess gateway{"client_timeouts: { idle_s: 30, read_s: 1 }\n"
                           "providers: [ { name: mock, kind: mock } ]\n"
                           "models: [ { name: echo, provider: mock } ]\n"};
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), gateway.port()});
    const std::string header = "GET /healthz HTTP/1.1\r\nhost: x\r\nx-slow: " + std::string(40, 'a');
    const auto started = std::chrono::steady_clock::now();
    boost::system::error_code error;
    for (char c : header) {  // one byte every 100 ms: the whole would take 6 s
        boost::asio::write(socket, boost::asio::buffer(&c, 1), error);
        if (error) break;
        std::this_thread::sleep_for(100ms);
        if (std::chrono::steady_clock::now() - started > 5s) break;
    }
    EXPECT_TRUE(error) << "the gateway kept reading a header for over 5 s";
    EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

}  // namespace
}  // namespace llmgw::testing
