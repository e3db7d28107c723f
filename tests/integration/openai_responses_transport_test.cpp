// A provider with `wire_api: responses`: the OpenAI adapter speaking the
// Responses API (POST /v1/responses) over real loopback HTTP to a fake
// upstream that answers in that API's wire format, plain and as its event
// stream; and the built gateway carrying a reasoning model's encrypted
// reasoning from one chat turn to the next.

#include <gtest/gtest.h>

#include <boost/asio/ssl/context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "adapters/outbound/openai/openai_transport.hpp"
#include "adapters/outbound/openai/responses_wire.hpp"
#include "chat_builders.hpp"
#include "fake_upstream.hpp"
#include "gateway_process.hpp"
#include "http_test_client.hpp"
#include "mock_transport.hpp"
#include "run_awaitable.hpp"

namespace llmgw::adapters {
namespace {
using namespace llmgw::testing;
namespace json = boost::json;

// As OpenAI answers a reasoning model that calls a tool (shortened).
const char* response_body = R"({"id":"resp_67ccd2bed1ec8190","object":"response","created_at":1741476542,
    "status":"completed","error":null,"incomplete_details":null,"model":"o4-mini-2025-04-16",
    "output":[
      {"type":"reasoning","id":"rs_6820f383d7c08191","summary":[{"type":"summary_text","text":"**Checking the weather**"}],
       "encrypted_content":"gAAAAABoISQ-enc"},
      {"type":"message","id":"msg_1","status":"completed","role":"assistant",
       "content":[{"type":"output_text","text":"Let me look.","annotations":[],"logprobs":[]}]},
      {"type":"function_call","id":"fc_12345xyz","call_id":"call_12345xyz","name":"get_weather",
       "arguments":"{\"city\":\"Oslo\"}","status":"completed"}],
    "parallel_tool_calls":true,"reasoning":{"effort":"medium","summary":"auto"},"store":false,
    "usage":{"input_tokens":81,"input_tokens_details":{"cached_tokens":64},"output_tokens":1035,
             "output_tokens_details":{"reasoning_tokens":832},"total_tokens":1116}})";

std::string event(std::string_view type, std::string_view data) {
    return "event: " + std::string(type) + "\ndata: " + std::string(data) + "\n\n";
}

// The same answer streamed, as OpenAI sends it.
std::vector<std::string> response_events() {
    return {
        event("response.created", R"({"type":"response.created","sequence_number":0,"response":{"id":"resp_s","object":"response","created_at":1741476542,"status":"in_progress","model":"o4-mini-2025-04-16","output":[],"usage":null}})"),
        event("response.in_progress", R"({"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_s","object":"response","status":"in_progress","output":[]}})") +
            event("response.output_item.added", R"({"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[]}})"),
        event("response.reasoning_summary_part.added", R"({"type":"response.reasoning_summary_part.added","sequence_number":3,"item_id":"rs_1","output_index":0,"summary_index":0,"part":{"type":"summary_text","text":""}})") +
            event("response.reasoning_summary_text.delta", R"({"type":"response.reasoning_summary_text.delta","sequence_number":4,"item_id":"rs_1","output_index":0,"summary_index":0,"delta":"Checking"})"),
        event("response.reasoning_summary_text.done", R"({"type":"response.reasoning_summary_text.done","sequence_number":5,"item_id":"rs_1","output_index":0,"summary_index":0,"text":"Checking"})") +
            event("response.output_item.done", R"({"type":"response.output_item.done","sequence_number":6,"output_index":0,"item":{"id":"rs_1","type":"reasoning","summary":[{"type":"summary_text","text":"Checking"}],"encrypted_content":"gAAA-enc"}})"),
        event("response.output_item.added", R"({"type":"response.output_item.added","sequence_number":7,"output_index":1,"item":{"id":"fc_1","type":"function_call","status":"in_progress","arguments":"","call_id":"call_1","name":"get_weather"}})"),
        event("response.function_call_arguments.delta", R"({"type":"response.function_call_arguments.delta","sequence_number":8,"item_id":"fc_1","output_index":1,"delta":"{\"city\":"})") +
            event("response.function_call_arguments.delta", R"({"type":"response.function_call_arguments.delta","sequence_number":9,"item_id":"fc_1","output_index":1,"delta":"\"Oslo\"}"})"),
        event("response.function_call_arguments.done", R"({"type":"response.function_call_arguments.done","sequence_number":10,"item_id":"fc_1","output_index":1,"arguments":"{\"city\":\"Oslo\"}"})") +
            event("response.output_item.done", R"({"type":"response.output_item.done","sequence_number":11,"output_index":1,"item":{"id":"fc_1","type":"function_call","status":"completed","arguments":"{\"city\":\"Oslo\"}","call_id":"call_1","name":"get_weather"}})"),
        event("response.completed", R"({"type":"response.completed","sequence_number":12,"response":{"id":"resp_s","object":"response","status":"completed","model":"o4-mini-2025-04-16","output":[],"usage":{"input_tokens":50,"input_tokens_details":{"cached_tokens":10},"output_tokens":30,"output_tokens_details":{"reasoning_tokens":20},"total_tokens":80}}})"),
    };
}

class ResponsesTransportTest : public ::testing::Test {
protected:
    OpenAiTransport transport_for(const FakeUpstream& upstream) {
        auto endpoint = infrastructure::parse_endpoint(upstream.base_url()).value();
        return OpenAiTransport(client, {.provider = "openai", .endpoint = endpoint, .api_key = "sk-secret-key",
                                        .responses_api = true});
    }
    template <class T>
    T run(boost::asio::awaitable<T> work) {
        return run_awaitable(io, std::move(work));
    }

    boost::asio::io_context io;
    boost::asio::ssl::context tls{boost::asio::ssl::context::tls_client};
    infrastructure::HttpClient client{tls};
};

// A conversation with a reasoning turn of this API, a tool result with an
// image, and the chat fields that have a Responses place.
domain::ChatRequest tool_loop() {
    auto request = chat_request("alias", "Weather in Oslo?");
    request.messages.insert(request.messages.begin(),
                            domain::Message{.role = domain::Role::system, .content = {domain::ContentPart::make_text("Be brief.")}});
    domain::Message turn{.role = domain::Role::assistant, .content_is_null = true};
    turn.reasoning.push_back({.text = "Checking", .signature = "gAAA-enc", .id = "rs_1"});
    turn.reasoning.push_back({.text = "Another provider's thinking", .signature = "sig"});
    turn.tool_calls.push_back({"call_1", "get_weather", R"({"city":"Oslo"})"});
    request.messages.push_back(std::move(turn));
    domain::Message result{.role = domain::Role::tool, .tool_call_id = "call_1"};
    result.content = {domain::ContentPart::make_text("12C"),
                      domain::ContentPart{.kind = domain::ContentPart::Kind::image_url, .image_url = "https://x/map.png"}};
    request.messages.push_back(std::move(result));
    request.tools.push_back({"get_weather", "Current weather", R"({"type":"object"})", true, {}});
    request.tool_choice = domain::ToolChoice{domain::ToolChoice::Mode::named, "get_weather"};
    request.max_tokens = domain::MaxTokens{500, true};
    request.extra = {{"reasoning_effort", R"("high")"},
                     {"response_format", R"({"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"},"strict":true}})"},
                     {"verbosity", R"("low")"},
                     {"prompt_cache_key", R"("k-1")"},
                     {"stream_options", R"({"include_usage":true})"}};
    return request;
}

TEST_F(ResponsesTransportTest, SendsTheConversationAsInputItemsAndReadsTheResponseObject) {
    FakeUpstream upstream([](const UpstreamRequest&) { return FakeReply{.body = response_body}; });
    auto transport = transport_for(upstream);

    auto answer = run(transport.complete(tool_loop(), domain::Attempt{"o4-mini"}));

    ASSERT_TRUE(answer) << answer.error().message;
    const auto& message = answer.value().choices.at(0).message;
    EXPECT_EQ(message.text(), "Let me look.");
    ASSERT_EQ(message.reasoning.size(), 1u);
    EXPECT_EQ(message.reasoning[0].text, "**Checking the weather**");
    EXPECT_EQ(message.reasoning[0].signature, "gAAAAABoISQ-enc");
    EXPECT_EQ(message.reasoning[0].id, "rs_6820f383d7c08191");
    ASSERT_EQ(message.tool_calls.size(), 1u);
    EXPECT_EQ(message.tool_calls[0].id, "call_12345xyz");
    EXPECT_EQ(message.tool_calls[0].arguments, R"({"city":"Oslo"})");
    EXPECT_EQ(answer.value().choices[0].finish_reason, domain::FinishReason::tool_calls);
    EXPECT_EQ(answer.value().id, "resp_67ccd2bed1ec8190");
    const auto& usage = answer.value().usage;
    EXPECT_EQ(usage.prompt_tokens, 81);
    EXPECT_EQ(usage.cached_prompt_tokens, 64);
    EXPECT_EQ(usage.completion_tokens, 1035);
    EXPECT_EQ(usage.reasoning_tokens, 832);

    const auto sent = upstream.requests().at(0);
    EXPECT_EQ(sent.target(), "/v1/responses");
    EXPECT_EQ(sent[boost::beast::http::field::authorization], "Bearer sk-secret-key");
    const auto body = json::parse(sent.body()).as_object();
    EXPECT_EQ(body.at("model"), "o4-mini");
    EXPECT_EQ(body.at("store"), false);
    EXPECT_EQ(body.at("include"), json::parse(R"(["reasoning.encrypted_content"])"));
    EXPECT_EQ(body.at("max_output_tokens"), 500);
    EXPECT_EQ(body.at("reasoning"), json::parse(R"({"effort":"high","summary":"auto"})"));
    EXPECT_EQ(body.at("text"), json::parse(R"({"format":{"type":"json_schema","name":"w","schema":{"type":"object"},"strict":true},"verbosity":"low"})"));
    EXPECT_EQ(body.at("prompt_cache_key"), "k-1");
    EXPECT_EQ(body.at("tools"), json::parse(R"([{"type":"function","name":"get_weather","description":"Current weather","parameters":{"type":"object"},"strict":true}])"));
    EXPECT_EQ(body.at("tool_choice"), json::parse(R"({"type":"function","name":"get_weather"})"));
    for (const auto* field : {"messages", "stream_options", "max_completion_tokens", "reasoning_effort", "response_format", "stream"}) {
        EXPECT_FALSE(body.contains(field)) << field;
    }
    EXPECT_EQ(body.at("input"), json::parse(R"([
        {"type":"message","role":"system","content":[{"type":"input_text","text":"Be brief."}]},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather in Oslo?"}]},
        {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Checking"}],"encrypted_content":"gAAA-enc"},
        {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"},
        {"type":"function_call_output","call_id":"call_1","output":[{"type":"input_text","text":"12C"},
                                                                    {"type":"input_image","image_url":"https://x/map.png","detail":"auto"}]}])"))
        << "another provider's thinking is left out";
}

TEST_F(ResponsesTransportTest, StreamsReasoningAndToolCallsFromTheEventStream) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        return FakeReply{.content_type = "text/event-stream", .pieces = response_events()};
    });
    auto transport = transport_for(upstream);
    RecordingSink sink;
    auto request = chat_request("alias", "weather?");
    request.stream = true;

    auto summary = run(transport.stream(request, domain::Attempt{"o4-mini"}, sink));

    ASSERT_TRUE(summary) << summary.error().message;
    EXPECT_EQ(summary.value().id, "resp_s");
    EXPECT_TRUE(summary.value().usage_reported);
    EXPECT_EQ(summary.value().usage.prompt_tokens, 50);
    EXPECT_EQ(summary.value().usage.cached_prompt_tokens, 10);
    EXPECT_EQ(summary.value().usage.reasoning_tokens, 20);
    ASSERT_EQ(sink.chunks.size(), 7u);
    EXPECT_EQ(sink.chunks[0].role, domain::Role::assistant);
    EXPECT_EQ(sink.chunks[1].reasoning, "Checking");
    ASSERT_EQ(sink.chunks[2].reasoning_blocks.size(), 1u);
    EXPECT_EQ(sink.chunks[2].reasoning_blocks[0].signature, "gAAA-enc");
    EXPECT_EQ(sink.chunks[2].reasoning_blocks[0].id, "rs_1");
    EXPECT_EQ(sink.chunks[3].tool_calls.at(0).id, "call_1");
    EXPECT_EQ(sink.chunks[3].tool_calls.at(0).name, "get_weather");
    EXPECT_EQ(sink.chunks[4].tool_calls.at(0).arguments + sink.chunks[5].tool_calls.at(0).arguments, R"({"city":"Oslo"})");
    EXPECT_EQ(sink.chunks[6].finish_reason, domain::FinishReason::tool_calls);
    EXPECT_EQ(json::parse(upstream.requests().at(0).body()).at("stream"), true);
}

TEST_F(ResponsesTransportTest, AFailureMidStreamAndFieldsWithoutAPlaceAreErrors) {
    FakeUpstream upstream([](const UpstreamRequest&) {
        return FakeReply{.content_type = "text/event-stream",
                         .pieces = {response_events()[0],
                                    event("response.failed", R"({"type":"response.failed","sequence_number":1,"response":{"id":"resp_s","status":"failed","error":{"code":"server_error","message":"The model failed."}}})")}};
    });
    auto transport = transport_for(upstream);
    RecordingSink sink;
    auto failed = run(transport.stream(chat_request("alias", "x"), domain::Attempt{"o4-mini"}, sink));
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, domain::ErrorCode::upstream_error);
    EXPECT_TRUE(failed.error().transient);

    for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{{"seed", "7"}, {"logit_bias", "{}"}}) {
        auto request = chat_request("alias", "x");
        request.extra.emplace_back(field, value);
        const auto refused = write_responses_upstream_request(request, "o4-mini", false);
        ASSERT_FALSE(refused) << field;
        EXPECT_EQ(refused.error().param, field);
    }
    auto stopped = chat_request("alias", "x");
    stopped.stop = {"END"};
    EXPECT_EQ(write_responses_upstream_request(stopped, "o4-mini", false).error().param, "stop");
    EXPECT_TRUE(upstream.requests().size() == 1u) << "a refused request is never sent";
}

// Through the built gateway's chat door: the reasoning a Responses model
// gave comes back to the client as a thinking block with the item's id, and
// goes upstream again, id and encrypted content, on the next turn.
TEST(ResponsesWireEndToEnd, EncryptedReasoningCrossesChatTurns) {
    FakeUpstream upstream([](const UpstreamRequest&) { return FakeReply{.body = response_body}; });
    GatewayProcess gateway{"providers:\n"
                           "  - { name: openai, kind: openai, base_url: \"" + upstream.base_url() + "\", api_key_env: KEY_OPENAI, wire_api: responses }\n"
                           "models:\n"
                           "  - { name: reasoner, provider: openai, upstream_model: o4-mini }\n",
                           {{"KEY_OPENAI", "sk-openai-0123456789"}}};
    const auto first = post_json(gateway.port(), "/v1/chat/completions",
                                 R"({"model":"reasoner","messages":[{"role":"user","content":"Weather in Oslo?"}],"reasoning_effort":"medium"})");
    ASSERT_EQ(first.result_int(), 200) << first.body();
    const auto answer = json::parse(first.body());
    const auto& message = answer.at("choices").at(0).at("message");
    EXPECT_EQ(message.at("reasoning_content"), "**Checking the weather**");
    EXPECT_EQ(message.at("thinking_blocks").at(0).at("id"), "rs_6820f383d7c08191");
    EXPECT_EQ(message.at("tool_calls").at(0).at("id"), "call_12345xyz");
    EXPECT_EQ(answer.at("usage").at("completion_tokens_details").at("reasoning_tokens"), 832);

    json::object next{{"model", "reasoner"}};
    json::array messages{json::parse(R"({"role":"user","content":"Weather in Oslo?"})"), message,
                         json::parse(R"({"role":"tool","tool_call_id":"call_12345xyz","content":"12C"})")};
    next["messages"] = std::move(messages);
    const auto second = post_json(gateway.port(), "/v1/chat/completions", json::serialize(next));
    ASSERT_EQ(second.result_int(), 200) << second.body();
    const auto sent = json::parse(upstream.requests().at(1).body());
    const auto& input = sent.at("input").as_array();
    ASSERT_EQ(input.size(), 5u) << sent;
    EXPECT_EQ(input[1], json::parse(R"({"type":"reasoning","id":"rs_6820f383d7c08191",
        "summary":[{"type":"summary_text","text":"**Checking the weather**"}],"encrypted_content":"gAAAAABoISQ-enc"})"));
    EXPECT_EQ(input[2].at("content"), "Let me look.");
    EXPECT_EQ(input[3].at("call_id"), "call_12345xyz");
    EXPECT_EQ(input[4], json::parse(R"({"type":"function_call_output","call_id":"call_12345xyz","output":"12C"})"));
}

// OpenAI's built-in tools run on a deployment of the Responses API, and
// are a 400 naming the tool on any other.
TEST(ResponsesWireEndToEnd, ABuiltInToolReachesTheResponsesApiAndNoOther) {
    FakeUpstream upstream([](const UpstreamRequest&) { return FakeReply{.body = response_body}; });
    GatewayProcess gateway{"providers:\n"
                           "  - { name: native, kind: openai, base_url: \"" + upstream.base_url() + "\", wire_api: responses }\n"
                           "  - { name: chat, kind: openai, base_url: \"" + upstream.base_url() + "\" }\n"
                           "  - { name: mock, kind: mock }\n"
                           "models:\n"
                           "  - { name: searcher, provider: native, upstream_model: gpt-5 }\n"
                           "  - { name: chatter, provider: chat, upstream_model: gpt-4.1 }\n"
                           "  - { name: echo, provider: mock }\n",
                           {}};
    const std::string tools = R"("tools":[{"type":"web_search","search_context_size":"low"},{"type":"function","name":"f","parameters":{"type":"object"}}])";
    const auto searched = post_json(gateway.port(), "/v1/responses", R"({"model":"searcher","input":"News?",)" + tools + "}");
    ASSERT_EQ(searched.result_int(), 200) << searched.body();
    const auto sent = json::parse(upstream.requests().at(0).body());
    EXPECT_EQ(sent.at("tools").at(0), json::parse(R"({"type":"web_search","search_context_size":"low"})"));
    EXPECT_EQ(sent.at("tools").at(1).at("name"), "f");

    for (const auto* model : {"chatter", "echo"}) {
        const auto refused = post_json(gateway.port(), "/v1/responses", R"({"model":")" + std::string(model) + R"(","input":"News?",)" + tools + "}");
        ASSERT_EQ(refused.result_int(), 400) << model << ": " << refused.body();
        EXPECT_EQ(json::parse(refused.body()).at("error").at("param"), "tools[0].type");
    }
    EXPECT_EQ(upstream.requests().size(), 1u) << "a refused request is never sent";
}

}  // namespace
}  // namespace llmgw::adapters
