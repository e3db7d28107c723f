// Chaos: an upstream that randomly mixes every misbehaviour the gateway must
// survive (interim responses, bytes past the end, resets, stalls, endless
// lines, keep-alive comments, garbage, errors) under concurrent clients that
// randomly walk away. Afterwards every client that stayed got the answer to
// its own request or a well-formed OpenAI error, nothing is left in flight,
// and the gateway's memory stayed bounded.

#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <random>

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

std::string completion(const std::string& text) {
    return R"({"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,"message":{"role":"assistant","content":")" +
           text + R"("},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":3,"total_tokens":6}})";
}

std::string event(const std::string& delta, const std::string& finish = "null") {
    return "data: " R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":)" +
           delta + R"(,"finish_reason":)" + finish + "}]}\n\n";
}

std::vector<std::string> stream_of(const std::string& text) {
    return {event(R"({"role":"assistant","content":""})"), event(R"({"content":")" + text + R"("})"),
            event("{}", R"("stop")"), "data: [DONE]\n\n"};
}

std::string http_response(const std::string& body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

// The text of the last user message: the marker each client put there.
std::string marker_of(const UpstreamRequest& request) {
    const auto body = json::parse(request.body());
    return std::string(body.at("messages").as_array().back().at("content").as_string());
}

class ChaoticUpstream {
public:
    FakeReply operator()(const UpstreamRequest& request) {
        const bool stream = json::parse(request.body()).as_object().contains("stream");
        const std::string answer = "answer to " + marker_of(request);
        switch (std::uniform_int_distribution<int>(0, 9)(random_)) {
        case 0: return FakeReply{.raw = {"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n\r\n" +
                                         http_response(completion(answer))}};
        case 1: return FakeReply{.raw = {http_response(completion(answer)) + http_response(completion("stray"))}};
        case 2: return FakeReply{.close_before_reply = true};
        case 3: return FakeReply{.body = completion(answer), .delay_before_headers = 2s};
        case 4: {
            std::vector<std::string> pieces{event(R"({"role":"assistant","content":""})"), "data: {\"x\":\""};
            for (int i = 0; i < 8; ++i) pieces.push_back(std::string(16 * 1024, 'x'));
            return FakeReply{.content_type = "text/event-stream", .pieces = pieces};
        }
        case 5: {
            std::vector<std::string> pieces{event(R"({"role":"assistant","content":""})")};
            for (int i = 0; i < 20; ++i) pieces.push_back(": keep-alive\n\n");
            return FakeReply{.content_type = "text/event-stream", .pieces = pieces, .delay_between_pieces = 50ms};
        }
        case 6: return FakeReply{.body = "<html>502 Bad Gateway</html>"};
        case 7: return FakeReply{.status = 500, .body = R"({"error":{"message":"boom","type":"server_error"}})"};
        default:
            if (stream) return FakeReply{.content_type = "text/event-stream", .pieces = stream_of(answer)};
            return FakeReply{.body = completion(answer)};
        }
    }

private:
    std::mt19937 random_{20261201};
};

// What one client saw: its own answer, a well-formed error, or nothing
// because it left.
enum class Seen { own_answer, error, left };

bool well_formed_error(const std::string& text) {
    boost::system::error_code parse_error;
    const auto body = json::parse(text, parse_error);
    if (parse_error || !body.is_object()) return false;
    const auto* error = body.get_object().if_contains("error");
    return error && error->is_object() && error->get_object().contains("message") &&
           error->get_object().at("message").is_string() && error->get_object().contains("type");
}

Seen check_plain(const TestResponse& response, const std::string& marker) {
    if (response.result_int() == 200) {
        const auto body = json::parse(response.body());
        EXPECT_EQ(body.at("choices").at(0).at("message").at("content").as_string(), "answer to " + marker) << response.body();
        return Seen::own_answer;
    }
    EXPECT_TRUE(well_formed_error(response.body())) << response.result_int() << " " << response.body();
    return Seen::error;
}

Seen check_stream(const TestResponse& response, const std::string& marker) {
    if (response.result_int() != 200) {
        EXPECT_TRUE(well_formed_error(response.body())) << response.result_int() << " " << response.body();
        return Seen::error;
    }
    std::string content;
    for (const auto& data : sse_data(response.body())) {
        if (data == "[DONE]") {
            EXPECT_EQ(content, "answer to " + marker);
            return Seen::own_answer;
        }
        const auto chunk = json::parse(data);
        if (chunk.as_object().contains("error")) {
            EXPECT_TRUE(well_formed_error(data)) << data;
            return Seen::error;
        }
        for (const auto& choice : chunk.at("choices").as_array()) {
            if (const auto* text = choice.at("delta").as_object().if_contains("content"); text && text->is_string()) {
                content += text->as_string();
            }
        }
    }
    ADD_FAILURE() << "a stream that ended with neither [DONE] nor an error: " << response.body();
    return Seen::error;
}

long resident_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
        if (line.starts_with("VmRSS:")) return std::stol(line.substr(6));
    }
    return -1;
}

TEST(Chaos, EveryClientGetsItsOwnAnswerOrAWellFormedErrorAndNothingLeaks) {
    ChaoticUpstream chaos;
    FakeUpstream upstream{[&chaos](const UpstreamRequest& request) { return chaos(request); }};
    GatewayProcess gateway{"providers:\n"
                           "  - name: chaotic\n"
                           "    kind: openai_compatible\n"
                           "    base_url: " + upstream.base_url() + "\n"
                           "    retry: { max_attempts: 2, base_ms: 1, max_ms: 5 }\n"
                           "    circuit_breaker: { failure_threshold: 0 }\n"
                           "    timeouts: { total_ms: 700, first_content_ms: 300, content_gap_ms: 300 }\n"
                           "limits: { max_event_bytes: 65536 }\n"
                           "models:\n"
                           "  - { name: chaos, provider: chaotic }\n"};

    constexpr int clients = 8;
    constexpr int requests_each = 25;
    auto client = [&](int number) {
        std::mt19937 random(static_cast<unsigned>(number));
        std::array<int, 3> seen{};
        for (int i = 0; i < requests_each; ++i) {
            const std::string marker = "c" + std::to_string(number) + "r" + std::to_string(i);
            const bool stream = random() % 2 == 0;
            const std::string body = R"({"model":"chaos",)" + std::string(stream ? R"("stream":true,)" : "") +
                                     R"("messages":[{"role":"user","content":")" + marker + R"("}]})";
            if (random() % 4 == 0) {  // walks away early
                read_until_and_leave(gateway.port(),
                                     "POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                                     "content-length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
                                     random() % 2 ? "HTTP/1.1" : "data:", 1);
                ++seen[static_cast<int>(Seen::left)];
                continue;
            }
            const auto response = post_json(gateway.port(), "/v1/chat/completions", body);
            ++seen[static_cast<int>(stream ? check_stream(response, marker) : check_plain(response, marker))];
        }
        return seen;
    };
    std::vector<std::future<std::array<int, 3>>> running;
    for (int i = 0; i < clients; ++i) running.push_back(std::async(std::launch::async, client, i));
    std::array<int, 3> total{};
    for (auto& each : running) {
        const auto seen = each.get();
        for (std::size_t k = 0; k < total.size(); ++k) total[k] += seen[k];
    }

    EXPECT_GT(total[static_cast<int>(Seen::own_answer)], 0);
    EXPECT_GT(total[static_cast<int>(Seen::error)], 0);
    EXPECT_TRUE(upstream.wait_for([&] {
        const auto health = json::parse(http_request(gateway.port(), http::verb::get, "/v1/health/providers").body());
        return health.at("data").at(0).at("in_flight") == 0;
    })) << http_request(gateway.port(), http::verb::get, "/v1/health/providers").body();
    const auto rss = resident_kib(gateway.pid());
    EXPECT_GT(rss, 0);
    EXPECT_LT(rss, 256 * 1024) << "KiB resident after the run";
    EXPECT_EQ(http_request(gateway.port(), http::verb::get, "/healthz").result_int(), 200);
}

}  // namespace
}  // namespace llmgw::testing
