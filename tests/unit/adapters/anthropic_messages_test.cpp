#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/anthropic_format/messages_events.hpp"
#include "adapters/anthropic_format/messages_request_json.hpp"
#include "adapters/anthropic_format/messages_response_json.hpp"
#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/outbound/anthropic/anthropic_request.hpp"

namespace llmgw::adapters {
namespace {
namespace json = boost::json;
using domain::Role;

domain::ChatRequest messages_request(std::string_view body) {
    auto parsed = parse_messages_request(json::parse(body).as_object(), MaxTokensRule::required);
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
    return parsed ? std::move(parsed).value() : domain::ChatRequest{};
}

domain::Error refusal_of(std::string_view body) {
    auto parsed = parse_messages_request(json::parse(body).as_object(), MaxTokensRule::required);
    EXPECT_FALSE(parsed);
    return parsed ? domain::Error{} : parsed.error();
}

// The request Claude Code sends in the middle of a tool loop, shortened.
constexpr std::string_view tool_loop = R"({
    "model":"claude-sonnet-4-5","max_tokens":32000,"stream":true,
    "system":[{"type":"text","text":"You are Claude Code."},
              {"type":"text","text":"Be careful.","cache_control":{"type":"ephemeral"}}],
    "messages":[
      {"role":"user","content":"Fix the bug"},
      {"role":"assistant","content":[
        {"type":"thinking","thinking":"Look at the file first.","signature":"EqQBCkYIBx"},
        {"type":"text","text":"Reading it."},
        {"type":"tool_use","id":"toolu_01","name":"Read","input":{"path":"a.cpp"}}]},
      {"role":"user","content":[
        {"type":"tool_result","tool_use_id":"toolu_01","is_error":true,"content":[{"type":"text","text":"int main() {}"}]},
        {"type":"text","text":"Go on","cache_control":{"type":"ephemeral"}}]}],
    "tools":[{"name":"Read","description":"Reads a file","input_schema":{"type":"object","properties":{"path":{"type":"string"}}},
              "cache_control":{"type":"ephemeral"}}],
    "tool_choice":{"type":"auto","disable_parallel_tool_use":true},
    "temperature":1,"top_k":40,"stop_sequences":["END"],
    "thinking":{"type":"enabled","budget_tokens":31999},
    "metadata":{"user_id":"user_abc"}})";

TEST(MessagesRequest, TranslatesAToolLoopIntoTheDomain) {
    const auto request = messages_request(tool_loop);
    EXPECT_EQ(request.dialect, domain::Dialect::anthropic);
    EXPECT_EQ(request.model, "claude-sonnet-4-5");
    ASSERT_TRUE(request.max_tokens);
    EXPECT_EQ(request.max_tokens->value, 32000);
    EXPECT_TRUE(request.stream);
    EXPECT_EQ(request.top_k, 40);
    EXPECT_EQ(request.stop, std::vector<std::string>{"END"});
    EXPECT_EQ(request.parallel_tool_calls, false);
    ASSERT_TRUE(request.tool_choice);
    EXPECT_EQ(request.tool_choice->mode, domain::ToolChoice::Mode::auto_);

    ASSERT_EQ(request.messages.size(), 5u);
    const auto& system = request.messages[0];
    EXPECT_EQ(system.role, Role::system);
    ASSERT_EQ(system.content.size(), 2u);
    EXPECT_EQ(system.content[1].cache_control, R"({"type":"ephemeral"})");

    const auto& assistant = request.messages[2];
    EXPECT_EQ(assistant.role, Role::assistant);
    ASSERT_EQ(assistant.reasoning.size(), 1u);
    EXPECT_EQ(assistant.reasoning[0].text, "Look at the file first.");
    EXPECT_EQ(assistant.reasoning[0].signature, "EqQBCkYIBx");
    EXPECT_EQ(assistant.text(), "Reading it.");
    ASSERT_EQ(assistant.tool_calls.size(), 1u);
    EXPECT_EQ(assistant.tool_calls[0].id, "toolu_01");
    EXPECT_EQ(json::parse(assistant.tool_calls[0].arguments), json::parse(R"({"path":"a.cpp"})"));

    // The tool result comes first, as its own message; then the rest of the turn.
    EXPECT_EQ(request.messages[3].role, Role::tool);
    EXPECT_EQ(request.messages[3].tool_call_id, "toolu_01");
    EXPECT_EQ(request.messages[3].text(), "int main() {}");
    EXPECT_TRUE(request.messages[3].tool_failed);
    EXPECT_EQ(request.messages[4].role, Role::user);
    EXPECT_EQ(request.messages[4].text(), "Go on");
    EXPECT_EQ(request.messages[4].content[0].cache_control, R"({"type":"ephemeral"})");

    ASSERT_EQ(request.tools.size(), 1u);
    EXPECT_EQ(request.tools[0].cache_control, R"({"type":"ephemeral"})");
    // What the gateway does not translate stays, for an Anthropic deployment.
    ASSERT_EQ(request.extra.size(), 2u);
    EXPECT_EQ(request.extra[0].first, "thinking");
    EXPECT_EQ(request.extra[1].first, "metadata");
}

TEST(MessagesRequest, GoesToAnthropicVerbatimWithItsCacheMarksAndToNoOtherProvider) {
    const auto request = messages_request(tool_loop);
    auto written = write_anthropic_request(request, "claude-sonnet-4-5-20250929", {4096, AnthropicThinking::budget}, true);
    ASSERT_TRUE(written) << written.error().message;
    const auto body = json::parse(written.value());
    EXPECT_EQ(body.at("model"), "claude-sonnet-4-5-20250929");
    EXPECT_EQ(body.at("thinking"), json::parse(R"({"type":"enabled","budget_tokens":31999})"));
    EXPECT_EQ(body.at("metadata"), json::parse(R"({"user_id":"user_abc"})"));
    EXPECT_EQ(body.at("top_k"), 40);
    EXPECT_EQ(body.at("tool_choice"), json::parse(R"({"type":"auto","disable_parallel_tool_use":true})"));
    EXPECT_EQ(body.at("system").at(1), json::parse(R"({"type":"text","text":"Be careful.","cache_control":{"type":"ephemeral"}})"));
    EXPECT_EQ(body.at("tools").at(0).at("cache_control"), json::parse(R"({"type":"ephemeral"})"));
    const auto& turns = body.at("messages").as_array();
    ASSERT_EQ(turns.size(), 3u);
    EXPECT_EQ(turns[1].at("content").at(0),
              json::parse(R"({"type":"thinking","thinking":"Look at the file first.","signature":"EqQBCkYIBx"})"));
    EXPECT_EQ(turns[2].at("content").at(0).at("type"), "tool_result");
    EXPECT_EQ(turns[2].at("content").at(0).at("is_error"), true);
    EXPECT_EQ(turns[2].at("content").at(1),
              json::parse(R"({"type":"text","text":"Go on","cache_control":{"type":"ephemeral"}})"));

    const auto openai = json::parse(write_chat_request(request, "gpt-4.1", true)).as_object();
    for (const auto* field : {"thinking", "metadata", "top_k", "cache_control"}) {
        EXPECT_FALSE(openai.contains(field)) << field;
    }
    EXPECT_EQ(openai.at("parallel_tool_calls"), false);
    EXPECT_EQ(openai.at("max_completion_tokens"), 32000);
    EXPECT_EQ(openai.at("messages").at(3), json::parse(R"({"role":"tool","tool_call_id":"toolu_01","content":[{"type":"text","text":"int main() {}"}]})"));
}

TEST(MessagesRequest, TurnsImagesIntoUrlsEitherWay) {
    const auto request = messages_request(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[
        {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
        {"type":"image","source":{"type":"url","url":"https://example.com/cat.jpg"}},
        {"type":"text","text":"Which is a cat?"}]}]})");
    ASSERT_EQ(request.messages.size(), 1u);
    const auto& parts = request.messages[0].content;
    ASSERT_EQ(parts.size(), 3u);
    EXPECT_EQ(parts[0].image_url, "data:image/png;base64,iVBORw0KGgo=");
    EXPECT_EQ(parts[1].image_url, "https://example.com/cat.jpg");
}

TEST(MessagesRequest, KeepsAServerToolAndItsBlocksWholeForAnAnthropicDeployment) {
    auto parsed = parse_messages_request(json::parse(R"({"model":"m","max_tokens":5,
        "messages":[{"role":"user","content":"news?"},
                    {"role":"assistant","content":[{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"q"}},
                                                   {"type":"web_search_tool_result","tool_use_id":"srvtoolu_1","content":[]},
                                                   {"type":"text","text":"Found."}]}],
        "tools":[{"type":"web_search_20250305","name":"web_search","max_uses":2}]})").as_object(),
                                         MaxTokensRule::required);
    ASSERT_TRUE(parsed) << parsed.error().message;
    const auto& tool = parsed.value().tools.at(0);
    EXPECT_EQ(tool.name, "web_search");
    EXPECT_EQ(json::parse(tool.builtin), json::parse(R"({"type":"web_search_20250305","name":"web_search","max_uses":2})"));
    const auto& turn = parsed.value().messages.at(1).content;
    ASSERT_EQ(turn.size(), 3u);
    EXPECT_EQ(turn[0].kind, domain::ContentPart::Kind::opaque);
    EXPECT_EQ(json::parse(turn[1].raw).at("type"), "web_search_tool_result");
    EXPECT_EQ(turn[2].text, "Found.");
    EXPECT_TRUE(is_anthropic_only_block("code_execution_tool_result"));
    EXPECT_TRUE(is_anthropic_only_block("document"));
    EXPECT_FALSE(is_anthropic_only_block("tool_result"));
}

TEST(MessagesRequest, RefusesWhatItCannotTranslateNamingTheField) {
    EXPECT_EQ(refusal_of(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})").message,
              "Missing required parameter: 'max_tokens'.");
    EXPECT_EQ(refusal_of(R"({"model":"m","max_tokens":5,"messages":[{"role":"system","content":"hi"}]})").param,
              "messages[0].role");
    EXPECT_EQ(refusal_of(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[{"type":"tool_use","id":"t","name":"n","input":{}}]}]})").param,
              "messages[0].content[0].type");
    EXPECT_EQ(refusal_of(R"({"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[
                            {"type":"tool_use","id":"t","name":"n","input":"{}"}]}]})").param,
              "messages[0].content[0].input");
    EXPECT_EQ(refusal_of(R"({"model":"m","max_tokens":0,"messages":[{"role":"user","content":"hi"}]})").param, "max_tokens");
    auto counting = parse_messages_request(json::parse(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})").as_object(),
                                           MaxTokensRule::optional);
    EXPECT_TRUE(counting);
}

TEST(MessagesResponse, WritesThinkingTextAndToolUseBlocksWithAnthropicsUsage) {
    domain::ChatResponse response;
    response.usage = {.prompt_tokens = 1000, .completion_tokens = 50, .cached_prompt_tokens = 600, .cache_write_prompt_tokens = 100};
    domain::Choice choice;
    choice.message.role = Role::assistant;
    choice.message.reasoning.push_back({.text = "Think.", .signature = "sig"});
    choice.message.content.push_back(domain::ContentPart::make_text("Calling."));
    choice.message.tool_calls.push_back({"call_1", "Read", R"({"path":"a"})"});
    choice.message.tool_calls.push_back({"call_2", "List", ""});
    choice.message.tool_calls.push_back({"call_3", "Bad", "{not json"});
    choice.finish_reason = domain::FinishReason::tool_calls;
    response.choices.push_back(choice);
    const auto body = json::parse(write_message(response, {"msg_1", "claude"}));
    EXPECT_EQ(body, json::parse(R"({"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[
        {"type":"thinking","thinking":"Think.","signature":"sig"},
        {"type":"text","text":"Calling."},
        {"type":"tool_use","id":"call_1","name":"Read","input":{"path":"a"}},
        {"type":"tool_use","id":"call_2","name":"List","input":{}},
        {"type":"tool_use","id":"call_3","name":"Bad","input":{"_raw_arguments":"{not json"}}],
        "stop_reason":"tool_use","stop_sequence":null,
        "usage":{"input_tokens":300,"cache_creation_input_tokens":100,"cache_read_input_tokens":600,"output_tokens":50}})"));

    response.choices[0].finish_reason = domain::FinishReason::stop;
    response.choices[0].stop_sequence = "END";
    const auto stopped = json::parse(write_message(response, {"msg_1", "claude"}));
    EXPECT_EQ(stopped.at("stop_reason"), "stop_sequence");
    EXPECT_EQ(stopped.at("stop_sequence"), "END");
}

TEST(MessagesResponse, NamesErrorTypesAsAnthropicDoes) {
    EXPECT_EQ(json::parse(write_anthropic_error(429, "slow down", "req_1")),
              json::parse(R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"},"request_id":"req_1"})"));
    EXPECT_EQ(anthropic_error_type(401), "authentication_error");
    EXPECT_EQ(anthropic_error_type(403), "permission_error");
    EXPECT_EQ(anthropic_error_type(404), "not_found_error");
    EXPECT_EQ(anthropic_error_type(413), "request_too_large");
    EXPECT_EQ(anthropic_error_type(502), "api_error");
    EXPECT_EQ(anthropic_error_type(503), "overloaded_error");
    EXPECT_EQ(anthropic_error_type(504), "timeout_error");
}

// The events as "name data" lines, for comparing whole sequences.
std::vector<std::string> lines_of(const std::vector<NamedEvent>& events) {
    std::vector<std::string> lines;
    for (const auto& event : events) lines.push_back(std::string(event.name) + " " + event.data);
    return lines;
}

domain::StreamChunk text_chunk(std::string text) {
    domain::StreamChunk chunk;
    chunk.content = std::move(text);
    return chunk;
}

TEST(MessagesEvents, StreamsReasoningTextAndToolCallsAsBlocksOneAtATime) {
    MessagesEventWriter writer({"msg_1", "claude"}, 12);
    std::vector<NamedEvent> events;
    domain::StreamChunk opening;
    opening.role = Role::assistant;
    opening.content = std::string();
    writer.add(opening, events);
    domain::StreamChunk thought;
    thought.reasoning = "Hmm.";
    writer.add(thought, events);
    domain::StreamChunk signed_block;
    signed_block.reasoning_blocks.push_back({.text = "Hmm.", .signature = "sig"});
    writer.add(signed_block, events);
    writer.add(text_chunk("Hi"), events);
    domain::StreamChunk call;
    call.tool_calls.push_back({0, "call_1", "Read", ""});
    writer.add(call, events);
    domain::StreamChunk arguments;
    arguments.tool_calls.push_back({0, "", "", R"({"path":"a"})"});
    writer.add(arguments, events);
    domain::StreamChunk bare_call;
    bare_call.tool_calls.push_back({1, "call_2", "List", ""});
    writer.add(bare_call, events);
    domain::StreamChunk finish;
    finish.finish_reason = domain::FinishReason::tool_calls;
    writer.add(finish, events);
    writer.finish({.prompt_tokens = 40, .completion_tokens = 9, .cached_prompt_tokens = 30}, events);

    const std::vector<std::string> expected{
        R"(message_start {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}}})",
        R"(ping {"type":"ping"})",
        R"(content_block_start {"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}})",
        R"(content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm."}})",
        R"(content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"sig"}})",
        R"(content_block_stop {"type":"content_block_stop","index":0})",
        R"(content_block_start {"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}})",
        R"(content_block_delta {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Hi"}})",
        R"(content_block_stop {"type":"content_block_stop","index":1})",
        R"(content_block_start {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_1","name":"Read","input":{}}})",
        R"(content_block_delta {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"path\":\"a\"}"}})",
        R"(content_block_stop {"type":"content_block_stop","index":2})",
        R"(content_block_start {"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"call_2","name":"List","input":{}}})",
        R"(content_block_delta {"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{}"}})",
        R"(content_block_stop {"type":"content_block_stop","index":3})",
        R"(message_delta {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":10,"cache_creation_input_tokens":0,"cache_read_input_tokens":30,"output_tokens":9}})",
        R"(message_stop {"type":"message_stop"})",
    };
    EXPECT_EQ(lines_of(events), expected);
}

TEST(MessagesEvents, GivesARedactedBlockAndAStopSequenceTheirOwnEvents) {
    MessagesEventWriter writer({"msg_2", "m"}, 1);
    std::vector<NamedEvent> events;
    domain::StreamChunk redacted;
    redacted.reasoning_blocks.push_back({.redacted = "EmwKAhgBEgy"});
    writer.add(redacted, events);
    writer.add(text_chunk("a"), events);
    domain::StreamChunk finish;
    finish.finish_reason = domain::FinishReason::stop;
    finish.stop_sequence = "END";
    writer.add(finish, events);
    writer.finish({}, events);
    const auto lines = lines_of(events);
    ASSERT_EQ(lines.size(), 9u);
    EXPECT_EQ(lines[2], R"(content_block_start {"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy"}})");
    EXPECT_EQ(lines[3], R"(content_block_stop {"type":"content_block_stop","index":0})");
    EXPECT_EQ(lines[7], R"(message_delta {"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"END"},"usage":{"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0}})");
}

TEST(MessagesEvents, AnEmptyAnswerStillStartsAndEnds) {
    MessagesEventWriter writer({"msg_3", "m"}, 1);
    std::vector<NamedEvent> events;
    writer.finish({.prompt_tokens = 1}, events);
    const auto lines = lines_of(events);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_TRUE(lines[0].starts_with("message_start "));
    EXPECT_TRUE(lines[2].starts_with("message_delta "));
    EXPECT_EQ(lines[3], R"(message_stop {"type":"message_stop"})");
}

}  // namespace
}  // namespace llmgw::adapters
