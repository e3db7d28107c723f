#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "adapters/openai_format/chat_request_json.hpp"
#include "adapters/openai_format/response_conversation.hpp"
#include "adapters/openai_format/responses_json.hpp"
#include "adapters/openai_format/responses_request_json.hpp"
#include "adapters/outbound/anthropic/anthropic_request.hpp"

namespace llmgw::adapters {
namespace {
namespace json = boost::json;
using domain::Role;

domain::ChatRequest responses_request(std::string_view body) {
    auto parsed = parse_responses_request(json::parse(body).as_object());
    EXPECT_TRUE(parsed) << (parsed ? "" : parsed.error().message);
    return parsed ? std::move(parsed).value() : domain::ChatRequest{};
}

std::string refused_param(std::string_view body) {
    auto parsed = parse_responses_request(json::parse(body).as_object());
    EXPECT_FALSE(parsed);
    return parsed ? std::string() : parsed.error().param;
}

// The Vercel AI SDK's second call of a tool loop, shortened.
constexpr std::string_view tool_loop = R"({
    "model":"gpt","instructions":"Be brief.","max_output_tokens":500,"temperature":0,"store":false,
    "include":["reasoning.encrypted_content"],"metadata":{"session_id":"s-1"},"user":"u-1",
    "input":[
      {"role":"user","content":[{"type":"input_text","text":"Weather?"},{"type":"input_image","image_url":"https://x/a.png","detail":"low"}]},
      {"type":"reasoning","id":"rs_1","summary":[],"content":[{"type":"reasoning_text","text":"Call the tool."}],"encrypted_content":"sig-1"},
      {"type":"function_call","call_id":"call_1","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"},
      {"type":"function_call","call_id":"call_2","name":"get_weather","arguments":"{\"city\":\"Bergen\"}"},
      {"type":"function_call_output","call_id":"call_1","output":"12C"},
      {"type":"function_call_output","call_id":"call_2","output":"9C"}],
    "tools":[{"type":"function","name":"get_weather","parameters":{"type":"object"},"strict":true}],
    "tool_choice":{"type":"function","name":"get_weather"},"parallel_tool_calls":false,
    "text":{"format":{"type":"json_schema","name":"w","schema":{"type":"object"},"strict":true}},
    "reasoning":{"effort":"low"}})";

TEST(ResponsesRequest, BecomesTheChatRequestItAsksFor) {
    const auto request = responses_request(tool_loop);
    EXPECT_EQ(request.dialect, domain::Dialect::openai);
    ASSERT_EQ(request.messages.size(), 5u);
    EXPECT_EQ(request.messages[0].role, Role::system);
    EXPECT_EQ(request.messages[0].text(), "Be brief.");
    ASSERT_EQ(request.messages[1].content.size(), 2u);
    EXPECT_EQ(request.messages[1].content[1].image_url, "https://x/a.png");
    EXPECT_EQ(request.messages[1].content[1].image_detail, "low");
    // Both calls make one assistant turn, with the reasoning before them.
    const auto& turn = request.messages[2];
    EXPECT_EQ(turn.role, Role::assistant);
    ASSERT_EQ(turn.tool_calls.size(), 2u);
    EXPECT_EQ(turn.tool_calls[1].id, "call_2");
    ASSERT_EQ(turn.reasoning.size(), 1u);
    EXPECT_EQ(turn.reasoning[0].text, "Call the tool.");
    EXPECT_EQ(turn.reasoning[0].signature, "sig-1");
    EXPECT_EQ(request.messages[3].role, Role::tool);
    EXPECT_EQ(request.messages[4].tool_call_id, "call_2");
    ASSERT_TRUE(request.max_tokens);
    EXPECT_EQ(request.max_tokens->value, 500);
    EXPECT_EQ(request.parallel_tool_calls, false);

    const auto chat = json::parse(write_chat_request(request, "gpt-5", false)).as_object();
    EXPECT_EQ(chat.at("max_completion_tokens"), 500);
    EXPECT_EQ(chat.at("response_format"),
              json::parse(R"({"type":"json_schema","json_schema":{"name":"w","schema":{"type":"object"},"strict":true}})"));
    EXPECT_EQ(chat.at("reasoning_effort"), "low");
    EXPECT_EQ(chat.at("tool_choice"), json::parse(R"({"type":"function","function":{"name":"get_weather"}})"));
    EXPECT_EQ(chat.at("user"), "u-1");
    for (const auto* field : {"input", "instructions", "store", "include", "metadata", "text", "reasoning"}) {
        EXPECT_FALSE(chat.contains(field)) << field;
    }
}

TEST(ResponsesRequest, KeepsABuiltInToolAsItIsForTheResponsesApi) {
    const auto chat = responses_request(R"({"model":"m","input":"x","tools":[{"type":"web_search","search_context_size":"low"}]})");
    ASSERT_EQ(chat.tools.size(), 1u);
    EXPECT_EQ(chat.tools[0].name, "web_search");
    EXPECT_EQ(json::parse(chat.tools[0].builtin), json::parse(R"({"type":"web_search","search_context_size":"low"})"));
}

TEST(ResponsesRequest, RefusesWhatItCannotServeNamingTheField) {
    EXPECT_EQ(refused_param(R"({"model":"m"})"), "input");
    EXPECT_EQ(refused_param(R"({"model":"m","input":[{"type":"item_reference","id":"x"}]})"), "input[0].type");
    EXPECT_EQ(refused_param(R"({"model":"m","input":[{"role":"user","content":[{"type":"input_file","file_id":"f"}]}]})"),
              "input[0].content[0].type");
    EXPECT_EQ(refused_param(R"({"model":"m","input":"x","text":{"format":{"type":"json_schema","name":"w"}}})"),
              "text.format.schema");
}

TEST(ResponsesResponse, WritesReasoningTextAndCallsAsOutputItems) {
    domain::ChatResponse answer;
    answer.usage = {.prompt_tokens = 100, .completion_tokens = 20, .cached_prompt_tokens = 40, .reasoning_tokens = 5};
    domain::Choice choice;
    choice.message.reasoning.push_back({.text = "Think.", .signature = "sig"});
    choice.message.content.push_back(domain::ContentPart::make_text("Calling."));
    choice.message.tool_calls.push_back({"call_1", "get_weather", R"({"city":"Oslo"})"});
    choice.finish_reason = domain::FinishReason::length;
    answer.choices.push_back(choice);
    ResponseShell shell{"resp_1", 1700000000, "gpt",
                        responses_echo_of(json::parse(R"({"store":true,"temperature":0.5,"previous_response_id":"resp_0"})").as_object(), true)};
    const auto body = json::parse(write_response(shell, output_items_of(answer), choice.finish_reason, answer.usage)).as_object();
    EXPECT_EQ(body.at("status"), "incomplete");
    EXPECT_EQ(body.at("incomplete_details"), json::parse(R"({"reason":"max_output_tokens"})"));
    EXPECT_EQ(body.at("store"), true);
    EXPECT_EQ(body.at("previous_response_id"), "resp_0");
    mark_not_stored(shell);
    EXPECT_EQ(json::parse(write_response(shell, {}, std::nullopt, {})).at("store"), false);
    EXPECT_EQ(body.at("temperature"), 0.5);
    EXPECT_EQ(body.at("usage"), json::parse(R"({"input_tokens":100,"input_tokens_details":{"cached_tokens":40},
        "output_tokens":20,"output_tokens_details":{"reasoning_tokens":5},"total_tokens":120})"));
    const auto& output = body.at("output").as_array();
    ASSERT_EQ(output.size(), 3u);
    EXPECT_EQ(output[0].at("type"), "reasoning");
    EXPECT_EQ(output[0].at("content"), json::parse(R"([{"type":"reasoning_text","text":"Think."}])"));
    EXPECT_EQ(output[0].at("encrypted_content"), "sig");
    EXPECT_EQ(output[1].at("content").at(0).at("text"), "Calling.");
    EXPECT_EQ(output[2].at("call_id"), "call_1");
    EXPECT_EQ(output[2].at("arguments"), R"({"city":"Oslo"})");
}

TEST(ResponsesEvents, NumberEveryEventAndEndEachItemBeforeTheNext) {
    ResponsesEventWriter writer({"resp_1", 1, "gpt", {}});
    std::vector<NamedEvent> events;
    domain::StreamChunk thought;
    thought.reasoning = "Hmm.";
    writer.add(thought, events);
    domain::StreamChunk text;
    text.content = "Hi";
    writer.add(text, events);
    domain::StreamChunk call;
    call.tool_calls.push_back({0, "call_1", "get_weather", R"({"city":)"});
    writer.add(call, events);
    domain::StreamChunk more;
    more.tool_calls.push_back({0, "", "", R"("Oslo"})"});
    writer.add(more, events);
    writer.finish({.prompt_tokens = 3, .completion_tokens = 4}, events);

    std::vector<std::string_view> names;
    for (std::size_t i = 0; i < events.size(); ++i) {
        names.push_back(events[i].name);
        const auto data = json::parse(events[i].data);
        EXPECT_EQ(data.at("type").as_string(), events[i].name);
        EXPECT_EQ(data.at("sequence_number"), static_cast<std::int64_t>(i));
    }
    const std::vector<std::string_view> expected{
        "response.created", "response.in_progress",
        "response.output_item.added", "response.content_part.added", "response.reasoning_text.delta",
        "response.reasoning_text.done", "response.content_part.done", "response.output_item.done",
        "response.output_item.added", "response.content_part.added", "response.output_text.delta",
        "response.output_text.done", "response.content_part.done", "response.output_item.done",
        "response.output_item.added", "response.function_call_arguments.delta", "response.function_call_arguments.delta",
        "response.function_call_arguments.done", "response.output_item.done", "response.completed"};
    EXPECT_EQ(names, expected);
    const auto done = json::parse(events[17].data);
    EXPECT_EQ(done.at("arguments"), R"({"city":"Oslo"})");
    EXPECT_EQ(done.at("output_index"), 2);
    const auto completed = json::parse(events.back().data).at("response");
    EXPECT_EQ(completed.at("status"), "completed");
    ASSERT_EQ(completed.at("output").as_array().size(), 3u);
    // The final response names each item as its events did.
    EXPECT_EQ(completed.at("output").at(2).at("id"), done.at("item_id"));
    EXPECT_EQ(completed.at("usage").at("total_tokens"), 7);
}

TEST(ResponsesEvents, AFailureMidwayIsAnErrorAndAFailedResponse) {
    ResponsesEventWriter writer({"resp_1", 1, "gpt", {}});
    std::vector<NamedEvent> events;
    domain::StreamChunk text;
    text.content = "Hi";
    writer.add(text, events);
    writer.fail("upstream_error", "The upstream failed.", events);
    ASSERT_GE(events.size(), 2u);
    EXPECT_EQ(events[events.size() - 2].name, "error");
    const auto failed = json::parse(events.back().data);
    EXPECT_EQ(events.back().name, "response.failed");
    EXPECT_EQ(failed.at("response").at("status"), "failed");
    EXPECT_EQ(failed.at("response").at("error"), json::parse(R"({"code":"upstream_error","message":"The upstream failed."})"));
}

}  // namespace
}  // namespace llmgw::adapters

namespace llmgw::adapters {
namespace {

TEST(ResponseConversation, AContinuedResponseBringsItsInputAndOutputAheadOfTheNewInput) {
    const auto first = json::parse(R"({"model":"m","input":"Weather in Oslo?","store":true})").as_object();
    const domain::StoredResponse stored{
        .id = "resp_1",
        .input_items = conversation_input({}, first),
        .response = R"({"id":"resp_1","object":"response","output":[
            {"type":"function_call","id":"fc_1","call_id":"call_1","name":"get_weather","arguments":"{}"}]})"};
    const auto history = conversation_of(stored);
    ASSERT_TRUE(history);
    ASSERT_EQ(history.value().size(), 2u);
    EXPECT_EQ(history.value()[0].at("role"), "user");
    EXPECT_TRUE(history.value()[0].at("id").as_string().starts_with("msg_"));
    EXPECT_EQ(history.value()[0].at("content").at(0).at("text"), "Weather in Oslo?");

    const auto next = json::parse(R"({"model":"m","previous_response_id":"resp_1",
        "input":[{"type":"function_call_output","call_id":"call_1","output":"12C"}]})").as_object();
    auto chat = parse_responses_request(next, history.value());
    ASSERT_TRUE(chat) << chat.error().message;
    const auto& messages = chat.value().messages;
    ASSERT_EQ(messages.size(), 3u);
    EXPECT_EQ(messages[0].role, Role::user);
    EXPECT_EQ(messages[1].role, Role::assistant);
    ASSERT_EQ(messages[1].tool_calls.size(), 1u);
    EXPECT_EQ(messages[1].tool_calls[0].id, "call_1");
    EXPECT_EQ(messages[2].role, Role::tool);
    EXPECT_EQ(messages[2].tool_call_id, "call_1");
    // What the continuation is stored with: the whole conversation, ids kept.
    const auto stored_next = json::parse(conversation_input(history.value(), next)).as_array();
    ASSERT_EQ(stored_next.size(), 3u);
    EXPECT_EQ(stored_next[1].at("id"), "fc_1");
    EXPECT_TRUE(stored_next[2].at("id").as_string().starts_with("fco_"));
}

TEST(ResponseConversation, ListsInputItemsNewestFirstByDefaultInPages) {
    const domain::StoredResponse stored{.input_items = R"([{"id":"a","type":"message"},{"id":"b","type":"message"},
                                                            {"id":"c","type":"message"}])"};
    const auto page = [&](std::string_view target) {
        auto written = write_input_items(stored, target);
        EXPECT_TRUE(written);
        return written ? json::parse(written.value()).as_object() : json::object{};
    };
    const auto newest = page("/v1/responses/r/input_items?limit=2");
    EXPECT_EQ(newest.at("object"), "list");
    EXPECT_EQ(newest.at("first_id"), "c");
    EXPECT_EQ(newest.at("last_id"), "b");
    EXPECT_EQ(newest.at("has_more"), true);
    const auto rest = page("/v1/responses/r/input_items?limit=2&after=b");
    EXPECT_EQ(rest.at("data").as_array().size(), 1u);
    EXPECT_EQ(rest.at("first_id"), "a");
    EXPECT_EQ(rest.at("has_more"), false);
    EXPECT_EQ(page("/v1/responses/r/input_items?order=asc").at("first_id"), "a");
    const auto refused = write_input_items(stored, "/v1/responses/r/input_items?limit=0");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().param, "limit");
    EXPECT_EQ(json::parse(write_deleted("resp_1")), json::parse(R"({"id":"resp_1","object":"response","deleted":true})"));
}

}  // namespace
}  // namespace llmgw::adapters
