// The built llm-gateway binary, started as a user starts it, with a
// configuration pointing at a fake OpenAI-compatible upstream on loopback.

#include <gtest/gtest.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>

#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"

namespace llmgw::testing {
namespace {
namespace json = boost::json;
namespace http = boost::beast::http;

std::string upstream_chunk(const std::string& choices, const std::string& usage = "null") {
    return R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1700000000,"model":"gpt-4.1-mini","choices":)" +
           choices + R"(,"usage":)" + usage + "}\n\n";
}

// An OpenAI-compatible upstream: echoes the request's last message, plain or
// streamed in the real wire format; a message "fail" gets a 500, "slow"
// streams one piece every 100 ms for 100 s, "paced" ten pieces 50 ms apart.
// The legacy completions API: echoes the prompt, plain or streamed.
FakeReply legacy_completions(const json::value& body) {
    const std::string prompt(body.at("prompt").as_string());
    const std::string head = R"({"id":"cmpl-up","object":"text_completion","created":1700000000,"model":"gpt-3.5-turbo-instruct",)";
    const std::string usage = R"({"prompt_tokens":3,"completion_tokens":2,"total_tokens":5})";
    if (!body.as_object().contains("stream")) {
        return FakeReply{.body = head + R"("choices":[{"text":")" + prompt + R"(","index":0,"logprobs":null,"finish_reason":"length"}],"usage":)" + usage + "}"};
    }
    return FakeReply{.content_type = "text/event-stream",
                     .pieces = {"data: " + head + R"("choices":[{"text":")" + prompt + R"(","index":0,"logprobs":null,"finish_reason":null}]})" + "\n\n",
                                "data: " + head + R"("choices":[{"text":"","index":0,"logprobs":null,"finish_reason":"stop"}]})" + "\n\n",
                                "data: " + head + R"("choices":[],"usage":)" + usage + "}\n\n", "data: [DONE]\n\n"}};
}

FakeReply openai_like(const UpstreamRequest& request) {
    const auto body = json::parse(request.body());
    if (request.target() == "/v1/completions") return legacy_completions(body);
    const auto& messages = body.at("messages").as_array();
    const std::string text(messages.back().at("content").as_string());
    if (text == "fail") {
        return FakeReply{.status = 500, .body = R"({"error":{"message":"The server had an error","type":"server_error","param":null,"code":null}})"};
    }
    const bool stream = body.as_object().contains("stream") && body.at("stream").as_bool();
    if (!stream) {
        return FakeReply{.body = R"({"id":"chatcmpl-up","object":"chat.completion","created":1700000000,"model":"gpt-4.1-mini","choices":[{"index":0,"message":{"role":"assistant","content":")" +
                                 text + R"(","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":4,"completion_tokens":2,"total_tokens":6}})"};
    }
    std::vector<std::string> pieces = {
        upstream_chunk(R"([{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}])")};
    const int repeats = text == "slow" ? 1000 : text == "paced" ? 10 : 1;
    for (int i = 0; i < repeats; ++i) {
        pieces.push_back(upstream_chunk(R"([{"index":0,"delta":{"content":")" + text + R"("},"logprobs":null,"finish_reason":null}])"));
    }
    pieces.push_back(upstream_chunk(R"([{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}])"));
    pieces.push_back(upstream_chunk("[]", R"({"prompt_tokens":4,"completion_tokens":2,"total_tokens":6})"));
    pieces.push_back("data: [DONE]\n\n");
    return FakeReply{.content_type = "text/event-stream",
                     .pieces = pieces,
                     .delay_between_pieces = std::chrono::milliseconds(text == "slow" ? 100 : text == "paced" ? 50 : 0)};
}

std::string config_for(const FakeUpstream& upstream) {
    return "max_body_bytes: 65536\n"
           "providers:\n"
           "  - name: upstream\n"
           "    kind: openai_compatible\n"
           "    base_url: " + upstream.base_url() + "\n"
           "  - name: mock\n"
           "    kind: mock\n"
           "models:\n"
           "  - name: fast\n"
           "    provider: upstream\n"
           "    upstream_model: gpt-4.1-mini\n"
           "    pricing: { input_per_mtok: 0.40, output_per_mtok: 1.60 }\n"
           "  - name: mock-echo\n"
           "    provider: mock\n";
}

std::string chat_body(const std::string& model, const std::string& text, bool stream = false) {
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":")" + text + R"("}])" +
           (stream ? R"(,"stream":true,"stream_options":{"include_usage":true})" : "") + "}";
}

class GatewayEndToEnd : public ::testing::Test {
protected:
    FakeUpstream upstream{openai_like};
    GatewayProcess gateway{config_for(upstream)};
};

TEST_F(GatewayEndToEnd, AnswersANonStreamedCompletion) {
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("fast", "hello world"));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_EQ(response[http::field::content_type], "application/json");
    const auto body = json::parse(response.body());
    EXPECT_EQ(body.at("object"), "chat.completion");
    EXPECT_EQ(body.at("model"), "fast");
    EXPECT_EQ(body.at("choices").at(0).at("message").at("content"), "hello world");
    EXPECT_EQ(body.at("usage").at("total_tokens"), 6);
    EXPECT_EQ(json::parse(upstream.requests().at(0).body()).at("model"), "gpt-4.1-mini");
}

TEST_F(GatewayEndToEnd, StreamsACompletionAsServerSentEvents) {
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("fast", "hi", true));
    ASSERT_EQ(response.result_int(), 200) << response.body();
    EXPECT_EQ(response[http::field::content_type], "text/event-stream");
    const auto events = sse_data(response.body());
    ASSERT_EQ(events.size(), 5u) << response.body();
    EXPECT_EQ(json::parse(events[0]).at("choices").at(0).at("delta").at("role"), "assistant");
    EXPECT_EQ(json::parse(events[1]).at("choices").at(0).at("delta").at("content"), "hi");
    EXPECT_EQ(json::parse(events[2]).at("choices").at(0).at("finish_reason"), "stop");
    const auto usage = json::parse(events[3]);
    EXPECT_EQ(usage.at("choices"), json::array());
    EXPECT_EQ(usage.at("usage").at("prompt_tokens"), 4);
    EXPECT_EQ(events[4], "[DONE]");
    // Every chunk of one answer has the same id.
    EXPECT_EQ(json::parse(events[0]).at("id"), usage.at("id"));
}

TEST_F(GatewayEndToEnd, ServesTheBuiltInMockBesideConfiguredProviders) {
    const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("mock-echo", "hello world"));
    ASSERT_EQ(response.result_int(), 200);
    EXPECT_EQ(json::parse(response.body()).at("choices").at(0).at("message").at("content"), "hello world");
    const auto models = json::parse(http_request(gateway.port(), http::verb::get, "/v1/models").body());
    EXPECT_EQ(models.at("object"), "list");
    ASSERT_EQ(models.at("data").as_array().size(), 2u);
    EXPECT_EQ(models.at("data").at(0).at("id"), "fast");
    EXPECT_EQ(models.at("data").at(0).at("owned_by"), "upstream");
}

TEST_F(GatewayEndToEnd, RejectsBadRequestsWithOpenAIErrors) {
    auto unknown = post_json(gateway.port(), "/v1/chat/completions", chat_body("no-such-model", "x"));
    EXPECT_EQ(unknown.result_int(), 404);
    EXPECT_EQ(json::parse(unknown.body()).at("error").at("code"), "model_not_found");

    auto malformed = post_json(gateway.port(), "/v1/chat/completions", R"({"model": "fast", "messages": [)");
    EXPECT_EQ(malformed.result_int(), 400);
    EXPECT_EQ(json::parse(malformed.body()).at("error").at("type"), "invalid_request_error");

    auto missing = post_json(gateway.port(), "/v1/chat/completions", R"({"model":"fast"})");
    EXPECT_EQ(missing.result_int(), 400);
    EXPECT_EQ(json::parse(missing.body()).at("error").at("param"), "messages");

    auto too_large = post_json(gateway.port(), "/v1/chat/completions", chat_body("fast", std::string(70'000, 'a')));
    EXPECT_EQ(too_large.result_int(), 413);
    EXPECT_EQ(json::parse(too_large.body()).at("error").at("code"), "payload_too_large");

    auto nowhere = http_request(gateway.port(), http::verb::get, "/v1/nowhere");
    EXPECT_EQ(nowhere.result_int(), 404);
    EXPECT_TRUE(json::parse(nowhere.body()).at("error").is_object());

    EXPECT_EQ(upstream.request_count(), 0u);
    // Still serving after all of that.
    EXPECT_EQ(http_request(gateway.port(), http::verb::get, "/healthz").result_int(), 200);
}

TEST_F(GatewayEndToEnd, SurvivesRequestsThatAreNotHttp) {
    EXPECT_TRUE(raw_exchange(gateway.port(), "HELLO\r\n\r\n").starts_with("HTTP/1.1 400 Bad Request"));
    EXPECT_TRUE(raw_exchange(gateway.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20'000, 'a') +
                                                 "\r\n\r\n")
                    .starts_with("HTTP/1.1 431"));
    EXPECT_TRUE(raw_exchange(gateway.port(), "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n")
                    .starts_with("HTTP/1.1 413"));
    const auto pipelined = raw_exchange(gateway.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                                                        "GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(pipelined.find("HTTP/1.1 200"), 0u);
    EXPECT_NE(pipelined.find("HTTP/1.1 200", 1), std::string::npos);
    // And still serving.
    EXPECT_EQ(http_request(gateway.port(), http::verb::get, "/healthz").result_int(), 200);
}

TEST_F(GatewayEndToEnd, UpstreamFailureIsABadGateway) {
    auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("fast", "fail"));
    EXPECT_EQ(response.result_int(), 502);
    const auto error = json::parse(response.body()).at("error");
    EXPECT_EQ(error.at("code"), "upstream_error");
    EXPECT_NE(std::string(error.at("message").as_string()).find("The server had an error"), std::string::npos);
}

TEST_F(GatewayEndToEnd, AClientThatLeavesMidStreamCancelsTheUpstreamCall) {
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), gateway.port()});
    const auto body = chat_body("fast", "slow", true);
    const auto request = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    boost::asio::write(socket, boost::asio::buffer(request));
    std::string received(512, '\0');
    const auto read = socket.read_some(boost::asio::buffer(received));
    EXPECT_NE(received.substr(0, read).find("200 OK"), std::string::npos);
    socket.close();

    // The upstream stream (100 s long) is dropped within moments.
    EXPECT_TRUE(upstream.wait_for([&] { return upstream.abandoned_streams() == 1; }, std::chrono::seconds(5)));
}

TEST_F(GatewayEndToEnd, ExitsCleanlyOnSigterm) {
    ASSERT_EQ(post_json(gateway.port(), "/v1/chat/completions", chat_body("mock-echo", "x")).result_int(), 200);
    EXPECT_EQ(gateway.stop(SIGTERM), 0);
    EXPECT_NE(gateway.log().find("shutdown_complete"), std::string::npos);
}

TEST_F(GatewayEndToEnd, PassesLegacyCompletionsToOpenAICompatibleDeployments) {
    const auto plain = post_json(gateway.port(), "/v1/completions",
                                 R"({"model":"fast","prompt":"Say this","max_tokens":7,"echo":false,"suffix":null})");
    ASSERT_EQ(plain.result_int(), 200) << plain.body();
    const auto body = json::parse(plain.body());
    EXPECT_EQ(body.at("object"), "text_completion");
    EXPECT_EQ(body.at("model"), "fast");
    EXPECT_EQ(body.at("choices").at(0).at("text"), "Say this");
    EXPECT_EQ(body.at("choices").at(0).at("finish_reason"), "length");
    EXPECT_EQ(body.at("usage").at("total_tokens"), 5);
    const auto sent = json::parse(upstream.requests().at(0).body());
    EXPECT_EQ(sent, json::parse(R"({"model":"gpt-4.1-mini","prompt":"Say this","max_tokens":7,"echo":false,"suffix":null})"));

    const auto streamed = post_json(gateway.port(), "/v1/completions",
                                    R"({"model":"fast","prompt":"Go","stream":true,"stream_options":{"include_usage":true}})");
    ASSERT_EQ(streamed.result_int(), 200);
    const auto events = sse_data(streamed.body());
    ASSERT_EQ(events.size(), 4u) << streamed.body();
    EXPECT_EQ(json::parse(events[0]).at("object"), "text_completion");
    EXPECT_EQ(json::parse(events[0]).at("choices").at(0).at("text"), "Go");
    EXPECT_EQ(json::parse(events[1]).at("choices").at(0).at("finish_reason"), "stop");
    EXPECT_EQ(json::parse(events[2]).at("usage").at("prompt_tokens"), 3);
    EXPECT_EQ(events[3], "[DONE]");

    const auto mock = post_json(gateway.port(), "/v1/completions", R"({"model":"mock-echo","prompt":"x"})");
    EXPECT_EQ(mock.result_int(), 400);
    EXPECT_NE(std::string(json::parse(mock.body()).at("error").at("message").as_string()).find("legacy completions"),
              std::string::npos);
}

TEST_F(GatewayEndToEnd, ServesManyConcurrentClients) {
    constexpr int clients = 8;
    constexpr int requests_each = 25;
    std::atomic<int> good{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            for (int i = 0; i < requests_each; ++i) {
                const auto text = "c" + std::to_string(c) + "r" + std::to_string(i);
                const bool stream = i % 2 == 1;
                const auto response = post_json(gateway.port(), "/v1/chat/completions", chat_body("fast", text, stream));
                const bool answered = stream ? response.body().find("\"content\":\"" + text + "\"") != std::string::npos &&
                                                   response.body().ends_with("data: [DONE]\n\n")
                                             : json::parse(response.body()).at("choices").at(0).at("message").at("content").as_string() == text;
                if (response.result_int() == 200 && answered) ++good;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(good.load(), clients * requests_each);
    EXPECT_EQ(upstream.request_count(), static_cast<std::size_t>(clients * requests_each));
}

TEST_F(GatewayEndToEnd, ShutdownLetsAStreamInFlightFinish) {
    std::string body;
    std::thread client([&] { body = post_json(gateway.port(), "/v1/chat/completions", chat_body("fast", "paced", true)).body(); });
    ASSERT_TRUE(upstream.wait_for([&] { return upstream.request_count() == 1; }));
    EXPECT_EQ(gateway.stop(SIGTERM), 0);
    client.join();
    const auto events = sse_data(body);
    ASSERT_FALSE(events.empty());
    EXPECT_EQ(events.back(), "[DONE]");
    EXPECT_EQ(events.size(), 14u);  // role, 10 pieces, finish, usage, [DONE]
    EXPECT_EQ(upstream.abandoned_streams(), 0u);
}

TEST(GatewayStartUp, ABadConfigurationStopsStartUpNamingFileAndKey) {
    const std::string path = "/tmp/llmgw-bad-config-" + std::to_string(::getpid()) + ".yaml";
    std::ofstream(path) << "providers:\n  - name: p\n    kind: mock\n    colour: blue\nmodels:\n  - name: m\n    provider: p\n";
    const auto [status, output] = GatewayProcess::run_to_end("--config " + path);
    std::remove(path.c_str());
    EXPECT_EQ(status, 2);
    EXPECT_NE(output.find(path + ":4:5: providers[0].colour: unknown key"), std::string::npos) << output;

    const auto [missing_status, missing_output] = GatewayProcess::run_to_end("--config /nonexistent.yaml");
    EXPECT_EQ(missing_status, 2);
    EXPECT_NE(missing_output.find("/nonexistent.yaml: cannot read"), std::string::npos) << missing_output;
}

}  // namespace
}  // namespace llmgw::testing
