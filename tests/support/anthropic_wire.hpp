#pragma once

#include <string>
#include <vector>

namespace llmgw::testing {

// Anthropic's wire format as the real API sends it (event names equal the
// data's `type`; `ping` between blocks; the first input_json_delta empty;
// message_delta usage cumulative), for fakes of the Messages API.

inline std::string anthropic_event(const std::string& type, const std::string& data) {
    return "event: " + type + "\ndata: " + data + "\n\n";
}

// A streamed answer: some text, then two tool calls (blocks 1 and 2).
inline std::vector<std::string> anthropic_tool_stream() {
    return {
        anthropic_event("message_start", R"({"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":472,"cache_creation_input_tokens":0,"cache_read_input_tokens":100,"output_tokens":1}}})"),
        anthropic_event("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
            anthropic_event("ping", R"({"type": "ping"})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Let me check"}})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" both."}})") +
            anthropic_event("content_block_stop", R"({"type":"content_block_stop","index":0})"),
        anthropic_event("content_block_start", R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{}}})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Os"}})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"lo\"}"}})") +
            anthropic_event("content_block_stop", R"({"type":"content_block_stop","index":1})"),
        anthropic_event("content_block_start", R"({"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01B77x","name":"get_time","input":{}}})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"tz\": \"CET\"}"}})"),
        anthropic_event("content_block_stop", R"({"type":"content_block_stop","index":2})"),
        anthropic_event("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}})"),
        anthropic_event("message_stop", R"({"type":"message_stop"})"),
    };
}

inline const char* anthropic_tool_message() {
    return R"({"id":"msg_01Aq9w938a90dw8q","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
        "content":[{"type":"text","text":"I'll check the weather."},
                   {"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9","name":"get_weather","input":{"city":"Oslo"}}],
        "stop_reason":"tool_use","stop_sequence":null,
        "usage":{"input_tokens":300,"cache_creation_input_tokens":50,"cache_read_input_tokens":150,"output_tokens":40}})";
}

inline std::string anthropic_error(const std::string& type, const std::string& message) {
    return R"({"type":"error","error":{"type":")" + type + R"(","message":")" + message +
           R"("},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"})";
}

// Extended thinking as the real API streams it: a thinking block whose
// signature comes last in a signature_delta, a redacted block whole, then
// the text (the shape of Anthropic's extended-thinking documentation).
inline std::vector<std::string> anthropic_thinking_stream() {
    return {
        anthropic_event("message_start", R"({"type":"message_start","message":{"id":"msg_01Think","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":1}}})"),
        anthropic_event("content_block_start", R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"1071 = 462 * 2 + 147, "}})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"so the GCD is 21."}})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"}})"),
        anthropic_event("content_block_stop", R"({"type":"content_block_stop","index":0})"),
        anthropic_event("content_block_start", R"({"type":"content_block_start","index":1,"content_block":{"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"}})"),
        anthropic_event("content_block_stop", R"({"type":"content_block_stop","index":1})"),
        anthropic_event("content_block_start", R"({"type":"content_block_start","index":2,"content_block":{"type":"text","text":""}})"),
        anthropic_event("content_block_delta", R"({"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":"The GCD is 21."}})"),
        anthropic_event("content_block_stop", R"({"type":"content_block_stop","index":2})"),
        anthropic_event("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":120}})"),
        anthropic_event("message_stop", R"({"type":"message_stop"})"),
    };
}

inline const char* anthropic_thinking_message() {
    return R"({"id":"msg_01Think","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929",
        "content":[{"type":"thinking","thinking":"I should look the weather up.","signature":"EqQBCgIYAhIM1gbcDa9GJwZA2b3h"},
                   {"type":"redacted_thinking","data":"EmwKAhgBEgy3va3pzix/LafPsn4a"},
                   {"type":"text","text":"Let me check."},
                   {"type":"tool_use","id":"toolu_01T","name":"get_weather","input":{"city":"Oslo"}}],
        "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":40,"output_tokens":95}})";
}

}  // namespace llmgw::testing
